// Atelier WebXR demo: a session (or a scene of several personas) over the v1 event protocol, GLB
// assets as they arrive, and each speaker's speech with its own head: the mouth follows each audio
// chunk's viseme timeline (ARKit jawOpen when the event carries weights), the brows and the smile
// its emotion's expression.
import * as THREE from "three";
import { GLTFLoader } from "three/addons/loaders/GLTFLoader.js";
import { VRButton } from "three/addons/webxr/VRButton.js";

// How open the mouth is for each Oculus/OpenXR viseme (0 closed .. 1 wide open).
const OPENNESS = { sil: 0, PP: 0.02, FF: 0.18, TH: 0.3, DD: 0.35, kk: 0.4, CH: 0.35, SS: 0.22, nn: 0.3,
                   RR: 0.4, aa: 1.0, E: 0.7, ih: 0.5, oh: 0.85, ou: 0.6 };
// ARKit morph targets an avatar GLB may carry (tools/avatar writes these names).
const JAW_TARGETS = ["jawOpen", "mouthOpen", "viseme_aa"];

const $ = (id) => document.getElementById(id);
const state = window.xrState = {
  connected: false, sessionId: null, webgl: false, events: [], glbs: [], audioChunks: 0, audioPlayed: 0,
  audioClock: "none", mouth: 0, mouthTrace: [], reply: "", errors: [],
  heads: [], mouths: {}, mouthTraces: {}, emotions: {}, speakers: [],
};
const names = {};  // persona id -> display name

// ---- scene --------------------------------------------------------------------------------
const scene = new THREE.Scene();
scene.background = new THREE.Color(0x202830);
const camera = new THREE.PerspectiveCamera(55, innerWidth / innerHeight, 0.05, 100);
camera.position.set(0, 1.5, 3.2);
camera.lookAt(0, 1.2, 0);
scene.add(new THREE.HemisphereLight(0xffffff, 0x334455, 2.0));
const sun = new THREE.DirectionalLight(0xffffff, 1.5);
sun.position.set(2, 4, 3);
scene.add(sun);
const floor = new THREE.Mesh(new THREE.CircleGeometry(4, 48), new THREE.MeshStandardMaterial({ color: 0x3a4450 }));
floor.rotation.x = -Math.PI / 2;
scene.add(floor);

// The NPCs: one simple head per speaker (a scene has several), whose mouth opens with the visemes
// and whose brows and mouth corners show the emotion (an avatar GLB replaces the face).
const SKIN = [0xd9b38c, 0xb98b6a, 0xe6c3a1, 0x8d5f45];
const heads = new Map();  // speaker id ("" for a session without a persona) -> head

function makeHead(speaker) {
  const index = heads.size;
  const group = new THREE.Group();
  group.position.set(-0.9 - index * 0.85, 1.4, -0.15 * index);
  const skin = new THREE.MeshStandardMaterial({ color: SKIN[index % SKIN.length] });
  const dark = new THREE.MeshStandardMaterial({ color: 0x111111 });
  const face = new THREE.Mesh(new THREE.SphereGeometry(0.32, 32, 24), skin);
  const mouth = new THREE.Mesh(new THREE.SphereGeometry(0.1, 24, 12), new THREE.MeshStandardMaterial({ color: 0x401010 }));
  mouth.position.set(0, -0.12, 0.28);
  mouth.scale.set(1, 0.08, 0.4);
  const brows = [];
  for (const x of [-0.11, 0.11]) {
    const eye = new THREE.Mesh(new THREE.SphereGeometry(0.04, 16, 12), dark);
    eye.position.set(x, 0.07, 0.28);
    const brow = new THREE.Mesh(new THREE.BoxGeometry(0.1, 0.015, 0.02), dark);
    brow.position.set(x, 0.14, 0.29);
    brows.push(brow);
    group.add(eye, brow);
  }
  group.add(face, mouth);
  scene.add(group);
  const made = { speaker, group, mouth, brows, open: 0, smile: 0, browUp: 0, browDown: 0 };
  heads.set(speaker, made);
  state.heads.push(speaker);
  state.mouths[speaker] = 0;
  state.mouthTraces[speaker] = [];
  return made;
}

function headOf(speaker) { return heads.get(speaker || "") || makeHead(speaker || ""); }
makeHead("");  // the NPC of a plain session; a scene's speakers get heads as they speak
const assets = new THREE.Group();
scene.add(assets);
let morphMeshes = [];  // meshes of arrived GLBs with a jaw/mouth morph target

let renderer = null;
try {
  renderer = new THREE.WebGLRenderer({ antialias: true });
  renderer.setSize(innerWidth, innerHeight);
  renderer.xr.enabled = true;
  $("stage").appendChild(renderer.domElement);
  document.body.appendChild(VRButton.createButton(renderer));
  state.webgl = true;
} catch (err) {
  state.errors.push(`WebGL unavailable: ${err.message}`);  // headless browsers: the logic still runs
}
addEventListener("resize", () => {
  camera.aspect = innerWidth / innerHeight;
  camera.updateProjectionMatrix();
  renderer?.setSize(innerWidth, innerHeight);
});

// ---- speech + visemes ---------------------------------------------------------------------
const speech = { queue: [], current: null };

function visemeAt(visemes, t) {
  for (const v of visemes) if (t >= v.start && t < v.end) return v.viseme;
  return "sil";
}

async function enqueueAudio(event) {
  // queued at once, in the order the events came (several speakers' chunks must not overtake
  // each other while their WAVs download); played once its WAV is in
  state.audioChunks += 1;
  const item = { event, url: null };
  item.loaded = authorizedBlob(event.url).then((blob) => { item.url = URL.createObjectURL(blob); });
  speech.queue.push(item);
  if (!speech.current && !speech.waiting) playNext();
  await item.loaded;
}

async function playNext() {
  const item = speech.queue.shift();
  speech.current = null;
  if (!item) return;
  speech.waiting = true;
  try { await item.loaded; } catch (err) { state.errors.push(String(err)); speech.waiting = false; return playNext(); }
  speech.waiting = false;
  speech.current = item;
  const audio = new Audio(item.url);
  item.audio = audio;
  item.started = performance.now();
  item.clock = "wall";
  const finish = () => {
    if (speech.current !== item) return;
    state.audioPlayed += 1;
    URL.revokeObjectURL(item.url);
    playNext();
  };
  audio.addEventListener("ended", finish);
  audio.play().then(() => { item.clock = "audio"; state.audioClock = "audio"; }).catch((err) => {
    // No audio output (or autoplay refused): keep the lips moving on the wall clock.
    state.audioClock = "wall";
    state.errors.push(`audio: ${err.name}`);
  });
  item.timer = setTimeout(finish, (item.event.duration_s + 0.5) * 1000);  // ended may never fire without a sink
}

function visemeEntryAt(visemes, t) {
  for (const v of visemes) if (t >= v.start && t < v.end) return v;
  return null;
}

// How open the current speaker's mouth is now: the viseme's ARKit jawOpen when the event carries
// weights (scaled to this head's range), else the openness table.
function currentMouth() {
  const item = speech.current;
  if (!item) return 0;
  const t = item.clock === "audio" && item.audio && !item.audio.paused
    ? item.audio.currentTime : (performance.now() - item.started) / 1000;
  if (t > item.event.duration_s) return 0;
  const entry = visemeEntryAt(item.event.visemes, t);
  if (entry && entry.arkit && entry.arkit.jawOpen !== undefined) return Math.min(1, entry.arkit.jawOpen / 0.7);
  return OPENNESS[entry ? entry.viseme : "sil"] ?? 0.3;
}

function speakerOf(event) {
  // a plain session's NPC is the first head, whoever its persona is; a scene gives each speaker one
  return state.scene ? (event.speaker || "") : "";
}

// ---- assets -------------------------------------------------------------------------------
const loader = new GLTFLoader();
let slot = 0;

async function showGlb(artifact) {
  const buffer = await (await authorizedBlob(artifact.url)).arrayBuffer();
  const gltf = await loader.parseAsync(buffer, "");
  const root = gltf.scene;
  const box = new THREE.Box3().setFromObject(root);
  const size = box.getSize(new THREE.Vector3());
  const scale = 1.2 / Math.max(size.x, size.y, size.z, 1e-3);
  root.scale.setScalar(scale);
  root.position.set(0.6 + (slot++ % 3) * 0.9, -box.min.y * scale, -0.2);
  assets.add(root);
  let meshes = 0, targets = [];
  root.traverse((node) => {
    if (!node.isMesh) return;
    meshes += 1;
    const dict = node.morphTargetDictionary || {};
    if (JAW_TARGETS.some((name) => name in dict)) morphMeshes.push(node);
    targets.push(...Object.keys(dict));
  });
  state.glbs.push({ id: artifact.id, meshes, morphTargets: [...new Set(targets)], animations: gltf.animations.length,
                    bbox: artifact.bbox || null });
}

// ---- network ------------------------------------------------------------------------------
function key() { return $("key").value.trim(); }

async function api(path, options = {}) {
  const response = await fetch(path, { ...options, headers: { ...(options.headers || {}),
    Authorization: `Bearer ${key()}`, ...(options.body && !(options.body instanceof FormData) ? { "Content-Type": "application/json" } : {}) } });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${(await response.text()).slice(0, 200)}`);
  return response;
}

async function authorizedBlob(url) { return (await api(url)).blob(); }

async function loadPersonas() {
  try {
    const personas = await (await api("/v1/personas")).json();
    for (const p of personas) {
      names[p.id] = p.name;
      $("persona").add(new Option(`${p.name} (${p.id})`, p.id));
      $("scene").add(new Option(p.name, p.id));
    }
  } catch (err) { state.errors.push(String(err)); }
}

let socket = null;

async function connect() {
  const body = { voice: true, user: "xr" };
  const cast = [...$("scene").selectedOptions].map((o) => o.value);
  let session;
  if (cast.length >= 2) {  // a scene: several personas, each with its own head and voice
    session = await (await api("/v1/scenes", { method: "POST",
      body: JSON.stringify({ ...body, personas: cast }) })).json();
    state.scene = cast;
    const first = heads.get("");  // the plain NPC's head becomes the first speaker's
    heads.delete("");
    first.speaker = cast[0];
    heads.set(cast[0], first);
    state.heads = [cast[0]];
    state.mouths = { [cast[0]]: 0 };
    state.mouthTraces = { [cast[0]]: [] };
    for (const member of cast.slice(1)) headOf(member);
  } else {
    if ($("persona").value) body.persona = $("persona").value;
    session = await (await api("/v1/sessions", { method: "POST", body: JSON.stringify(body) })).json();
  }
  state.sessionId = session.id;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}${session.events_url}`, ["atelier.v1", `bearer.${key()}`]);
  socket.onopen = () => { state.connected = true; $("status").textContent = `connected: ${session.id}`;
                          for (const id of ["text", "send", "mic"]) $(id).disabled = false; };
  socket.onclose = (e) => { state.connected = false; $("status").textContent = `closed (${e.code})`; };
  socket.onmessage = (message) => onEvent(JSON.parse(message.data));
}

function onEvent(event) {
  state.events.push(event.type);
  switch (event.type) {
    case "turn_started": state.reply = ""; $("reply").textContent = `you: ${event.text}\n`; break;
    case "text_delta": state.reply += event.text; $("reply").textContent += event.text; break;
    case "text":
      state.reply = event.text;
      if (event.speaker && !state.speakers.includes(event.speaker)) state.speakers.push(event.speaker);
      if (event.emotions && event.emotions.length) state.emotions[event.speaker || ""] = event.emotions[0].emotion;
      $("reply").textContent += `\n${names[event.speaker] || event.speaker || "NPC"}: ${event.text}`;
      break;
    case "job_progress": $("jobs").textContent = `${event.tool} ${Math.round(event.progress * 100)}%`; break;
    case "job_done": $("jobs").textContent = `${event.tool}: ${event.status}`; break;
    case "artifact_ready":
      if (event.artifact.format === "glb") showGlb(event.artifact).catch((err) => state.errors.push(String(err)));
      break;
    case "audio": enqueueAudio(event).catch((err) => state.errors.push(String(err))); break;
    case "error": state.errors.push(event.error.message); break;
  }
}

function say(text) {
  if (socket?.readyState === WebSocket.OPEN && text.trim()) socket.send(JSON.stringify({ type: "turn", text }));
}
window.xrSay = say;

// Hold-to-talk: record with MediaRecorder, upload, then send the recording's id as the turn.
let recorder = null;
async function startRecording() {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const chunks = [];
  recorder = new MediaRecorder(stream, { mimeType: "audio/webm" });
  recorder.ondataavailable = (e) => chunks.push(e.data);
  recorder.onstop = async () => {
    stream.getTracks().forEach((t) => t.stop());
    const form = new FormData();
    form.append("file", new Blob(chunks, { type: "audio/webm" }), "speech.webm");
    const uploaded = await (await api(`/v1/sessions/${state.sessionId}/uploads`, { method: "POST", body: form })).json();
    socket.send(JSON.stringify({ type: "turn", audio: uploaded.id }));
  };
  recorder.start();
}

$("connect").addEventListener("click", () => connect().catch((err) => {
  state.errors.push(String(err)); $("status").textContent = String(err);
}));
$("say").addEventListener("submit", (e) => { e.preventDefault(); say($("text").value); $("text").value = ""; });
$("mic").addEventListener("pointerdown", () => startRecording().catch((err) => state.errors.push(String(err))));
$("mic").addEventListener("pointerup", () => recorder?.state === "recording" && recorder.stop());
$("key").value = new URLSearchParams(location.hash.slice(1)).get("key") || "";  // the fragment never reaches a server
if (key()) loadPersonas();
$("key").addEventListener("change", loadPersonas);

// ---- frame loop ---------------------------------------------------------------------------
let last = performance.now();
function frame(now) {
  const dt = Math.min(0.1, (now - last) / 1000);
  last = now;
  const target = currentMouth();
  const talking = speech.current ? headOf(speakerOf(speech.current.event)) : null;
  const expression = speech.current ? (speech.current.event.expression || {}) : {};
  for (const head of heads.values()) {
    const speaking = head === talking;
    const follow = Math.min(1, dt * 25);  // ~40 ms smoothing, like the avatar renderer
    head.open += ((speaking ? target : 0) - head.open) * follow;
    const weight = (name) => (speaking ? (expression[name + "Left"] ?? expression[name] ?? 0) : 0);
    head.smile += (weight("mouthSmile") - head.smile) * Math.min(1, dt * 6);
    head.browUp += (Math.max(weight("browInnerUp"), weight("browOuterUp")) - head.browUp) * Math.min(1, dt * 6);
    head.browDown += (weight("browDown") - head.browDown) * Math.min(1, dt * 6);
    head.mouth.scale.y = 0.08 + head.open * 0.6;
    head.mouth.scale.x = 1 + head.smile * 0.5;
    head.brows.forEach((brow, side) => {
      brow.position.y = 0.14 + head.browUp * 0.05 - head.browDown * 0.03;
      brow.rotation.z = (side === 0 ? 1 : -1) * (head.browDown * 0.35 - head.browUp * 0.15);
    });
    state.mouths[head.speaker] = Math.round(head.open * 1000) / 1000;
    if (speaking) state.mouthTraces[head.speaker].push(state.mouths[head.speaker]);
  }
  state.mouth = talking ? talking.open : 0;
  if (speech.current) state.mouthTrace.push(Math.round(state.mouth * 1000) / 1000);
  for (const mesh of morphMeshes) {
    for (const name of JAW_TARGETS) {
      const index = mesh.morphTargetDictionary[name];
      if (index !== undefined) mesh.morphTargetInfluences[index] = state.mouth;
    }
  }
  for (const head of heads.values()) head.group.rotation.y = Math.sin(now / 2000 + head.group.position.x) * 0.15;
  assets.rotation.y += dt * 0.2;
  renderer?.render(scene, camera);
}
if (renderer) renderer.setAnimationLoop(frame);
else (function tick(now) { frame(now); requestAnimationFrame(tick); })(performance.now());
state.ready = true;
