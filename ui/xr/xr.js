// Atelier WebXR demo: a session over the v1 event protocol, GLB assets as they arrive,
// and the NPC's speech with a mouth driven by each audio chunk's viseme timeline.
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
};

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

// The NPC: a simple head whose mouth opens with the visemes (an avatar GLB replaces its face).
const npc = new THREE.Group();
npc.position.set(-0.9, 1.4, 0);
const head = new THREE.Mesh(new THREE.SphereGeometry(0.32, 32, 24), new THREE.MeshStandardMaterial({ color: 0xd9b38c }));
const mouth = new THREE.Mesh(new THREE.SphereGeometry(0.1, 24, 12), new THREE.MeshStandardMaterial({ color: 0x401010 }));
mouth.position.set(0, -0.12, 0.28);
mouth.scale.set(1, 0.08, 0.4);
for (const x of [-0.11, 0.11]) {
  const eye = new THREE.Mesh(new THREE.SphereGeometry(0.04, 16, 12), new THREE.MeshStandardMaterial({ color: 0x111111 }));
  eye.position.set(x, 0.07, 0.28);
  npc.add(eye);
}
npc.add(head, mouth);
scene.add(npc);
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
  state.audioChunks += 1;
  const blob = await authorizedBlob(event.url);
  speech.queue.push({ event, url: URL.createObjectURL(blob) });
  if (!speech.current) playNext();
}

function playNext() {
  const item = speech.queue.shift();
  speech.current = item || null;
  if (!item) return;
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

function currentMouth() {
  const item = speech.current;
  if (!item) return 0;
  const t = item.clock === "audio" && item.audio && !item.audio.paused
    ? item.audio.currentTime : (performance.now() - item.started) / 1000;
  if (t > item.event.duration_s) return 0;
  return OPENNESS[visemeAt(item.event.visemes, t)] ?? 0.3;
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
    for (const p of personas) $("persona").add(new Option(`${p.name} (${p.id})`, p.id));
  } catch (err) { state.errors.push(String(err)); }
}

let socket = null;

async function connect() {
  const body = { voice: true, user: "xr" };
  if ($("persona").value) body.persona = $("persona").value;
  const session = await (await api("/v1/sessions", { method: "POST", body: JSON.stringify(body) })).json();
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
    case "text": state.reply = event.text; $("reply").textContent += `\nNPC: ${event.text}`; break;
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
  state.mouth += (target - state.mouth) * Math.min(1, dt * 25);  // ~40 ms smoothing, like the avatar renderer
  if (speech.current) state.mouthTrace.push(Math.round(state.mouth * 1000) / 1000);
  mouth.scale.y = 0.08 + state.mouth * 0.6;
  for (const mesh of morphMeshes) {
    for (const name of JAW_TARGETS) {
      const index = mesh.morphTargetDictionary[name];
      if (index !== undefined) mesh.morphTargetInfluences[index] = state.mouth;
    }
  }
  npc.rotation.y = Math.sin(now / 2000) * 0.15;
  assets.rotation.y += dt * 0.2;
  renderer?.render(scene, camera);
}
if (renderer) renderer.setAnimationLoop(frame);
else (function tick(now) { frame(now); requestAnimationFrame(tick); })(performance.now());
state.ready = true;
