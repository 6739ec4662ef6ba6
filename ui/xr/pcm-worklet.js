// AudioWorklet processor of hands-free mode (handsfree.js): hands each 128-sample block of the
// microphone (mono: the first channel) to the page, which resamples it to 16 kHz PCM.
class PcmTap extends AudioWorkletProcessor {
  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (channel) this.port.postMessage(channel.slice(0));
    return true;
  }
}
registerProcessor("pcm-tap", PcmTap);
