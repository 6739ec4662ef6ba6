// Hands-free voice for the XR page: the microphone streamed to the session WebSocket as 16 kHz
// s16le mono PCM in binary frames (protocol v1 `audio_chunk`); the server cuts it into utterances
// (VAD), sends partial and final `transcript`s, answers each, and sends `interrupted` when the user
// speaks over a reply (the page then stops playing it). Capture: an AudioWorklet (pcm-worklet.js),
// or a ScriptProcessor where worklets are missing; the browser's echo cancellation keeps the NPC's
// own voice out of the microphone.

const TARGET_RATE = 16000;
const FRAME_SAMPLES = 640;  // 40 ms at 16 kHz per WebSocket frame

// Streaming resampler: each output sample is the mean of the input around its position (a box
// filter: enough anti-aliasing for speech from the 48 or 44.1 kHz a microphone gives), or, from a
// rate below 16 kHz, the linear interpolation of its two neighbours.
export class Resampler {
  constructor(fromRate, toRate = TARGET_RATE) {
    this.step = fromRate / toRate;  // input samples per output sample
    this.pos = 0;  // position of the next output sample in `tail` + the new block
    this.tail = new Float32Array(0);  // input still needed for the next outputs
  }

  push(block) {
    const input = new Float32Array(this.tail.length + block.length);
    input.set(this.tail);
    input.set(block, this.tail.length);
    const half = this.step > 1 ? this.step / 2 : 0;
    const out = [];
    for (;;) {
      const hi = Math.floor(this.pos + half);
      if (hi + 1 >= input.length) break;
      let value;
      if (half) {
        const lo = Math.max(0, Math.ceil(this.pos - half));
        let sum = 0;
        for (let k = lo; k <= hi; k++) sum += input[k];
        value = sum / (hi - lo + 1);
      } else {
        const i = Math.floor(this.pos), f = this.pos - i;
        value = input[i] * (1 - f) + input[i + 1] * f;
      }
      out.push(value);
      this.pos += this.step;
    }
    const keep = Math.max(0, Math.floor(this.pos - half) - 1);  // the first input sample still needed
    this.tail = input.slice(keep);
    this.pos -= keep;
    return Float32Array.from(out);
  }
}

export function toPcm16(samples) {
  const pcm = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]));
    pcm[i] = s < 0 ? s * 32768 : s * 32767;
  }
  return pcm;
}

export class HandsFree {
  // send(ArrayBuffer): how frames reach the server (the session WebSocket's send)
  constructor(send, { workletUrl = "/xr/app/pcm-worklet.js" } = {}) {
    this.send = send;
    this.workletUrl = workletUrl;
    this.on = false;
    this.sentSamples = 0;
    this.capture = "none";
    this.pending = [];
    this.pendingLength = 0;
  }

  async start() {
    if (this.on) return;
    this.stream = await navigator.mediaDevices.getUserMedia({
      audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true, autoGainControl: true } });
    this.context = new AudioContext();
    await this.context.resume();
    this.resampler = new Resampler(this.context.sampleRate);
    this.source = this.context.createMediaStreamSource(this.stream);
    const take = (block) => this.take(block);
    if (this.context.audioWorklet) {
      await this.context.audioWorklet.addModule(this.workletUrl);
      this.node = new AudioWorkletNode(this.context, "pcm-tap", { numberOfInputs: 1, numberOfOutputs: 0 });
      this.node.port.onmessage = (message) => take(message.data);
      this.source.connect(this.node);
      this.capture = "worklet";
    } else {  // older browsers: ScriptProcessor (deprecated, on the main thread)
      this.node = this.context.createScriptProcessor(2048, 1, 1);
      this.node.onaudioprocess = (e) => take(e.inputBuffer.getChannelData(0));
      this.source.connect(this.node);
      this.node.connect(this.context.destination);
      this.capture = "script-processor";
    }
    this.on = true;
  }

  take(block) {
    if (!this.on) return;
    const samples = this.resampler.push(block);
    this.pending.push(samples);
    this.pendingLength += samples.length;
    if (this.pendingLength < FRAME_SAMPLES) return;
    const joined = new Float32Array(this.pendingLength);
    let at = 0;
    for (const piece of this.pending) { joined.set(piece, at); at += piece.length; }
    this.pending = [];
    this.pendingLength = 0;
    this.sentSamples += joined.length;
    this.send(toPcm16(joined).buffer);
  }

  async stop() {
    if (!this.on) return;
    this.on = false;
    this.source?.disconnect();
    this.node?.disconnect();
    this.stream?.getTracks().forEach((t) => t.stop());
    await this.context?.close();
  }
}
