"""Diffusion pipelines with random weights, built from configs and saved like real checkpoints.

Two uses, both offline: hermetic tests load *tiny* pipelines through the same ``from_pretrained``
path users hit (as diffusers' own tests do), and GPU benches time *full-size* architectures
(SD-Turbo, SDXL-Turbo) without downloading weights, since speed does not depend on weight values.
The tokenizer is a character-level CLIP BPE vocabulary written here, so no hub files are needed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHARS = "abcdefghijklmnopqrstuvwxyz0123456789"


def tiny_tokenizer(max_length: int = 77) -> Any:
    """A CLIP tokenizer over single characters (each with its end-of-word form)."""
    from transformers import CLIPTokenizer

    vocab = {"<|startoftext|>": 0, "<|endoftext|>": 1}
    for char in CHARS:
        vocab[char] = len(vocab)
        vocab[char + "</w>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=max_length, unk_token="<|endoftext|>",
                         pad_token="<|endoftext|>", bos_token="<|startoftext|>", eos_token="<|endoftext|>")


def _text_encoder(hidden: int, layers: int, heads: int, intermediate: int, *, projection: int | None = None,
                  act: str = "quick_gelu") -> Any:
    from transformers import CLIPTextConfig, CLIPTextModel, CLIPTextModelWithProjection

    config = CLIPTextConfig(bos_token_id=0, eos_token_id=1, pad_token_id=1, hidden_size=hidden,
                            intermediate_size=intermediate, num_attention_heads=heads, num_hidden_layers=layers,
                            vocab_size=2 + 2 * len(CHARS), max_position_embeddings=77, hidden_act=act,
                            projection_dim=projection or hidden)
    return CLIPTextModelWithProjection(config) if projection else CLIPTextModel(config)


def turbo_scheduler() -> Any:
    from diffusers import EulerDiscreteScheduler

    return EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                  timestep_spacing="trailing", steps_offset=1)


def tiny_sd_components(seed: int = 0) -> dict[str, Any]:
    """UNet, VAE (scale factor 2), CLIP text encoder and tokenizer small enough for CPU tests."""
    import torch
    from diffusers import AutoencoderKL, UNet2DConditionModel

    torch.manual_seed(seed)
    unet = UNet2DConditionModel(block_out_channels=(32, 64), layers_per_block=1, sample_size=32, in_channels=4,
                                out_channels=4, down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"),
                                up_block_types=("CrossAttnUpBlock2D", "UpBlock2D"), cross_attention_dim=32,
                                attention_head_dim=8, norm_num_groups=32)
    vae = AutoencoderKL(block_out_channels=(32, 64), in_channels=3, out_channels=3,
                        down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
                        up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"), latent_channels=4,
                        layers_per_block=1, norm_num_groups=32)
    return {"unet": unet, "vae": vae, "text_encoder": _text_encoder(32, 2, 4, 37), "tokenizer": tiny_tokenizer(),
            "scheduler": turbo_scheduler(), "safety_checker": None, "feature_extractor": None}


def save_tiny_sd(path: Path, *, seed: int = 0) -> Path:
    """A tiny Stable Diffusion checkpoint folder (model_index.json + parts)."""
    from diffusers import StableDiffusionPipeline

    pipe = StableDiffusionPipeline(**tiny_sd_components(seed), requires_safety_checker=False)
    pipe.save_pretrained(path, safe_serialization=True)
    return Path(path)


def save_tiny_ldm3d(path: Path, *, seed: int = 0) -> Path:
    """A tiny LDM3D checkpoint: like SD, but the VAE decodes RGB + depth (4 channels)."""
    import torch
    from diffusers import AutoencoderKL, StableDiffusionLDM3DPipeline

    parts = tiny_sd_components(seed)
    torch.manual_seed(seed)
    parts["vae"] = AutoencoderKL(block_out_channels=(32, 64), in_channels=4, out_channels=4,
                                 down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
                                 up_block_types=("UpDecoderBlock2D", "UpDecoderBlock2D"), latent_channels=4,
                                 layers_per_block=1, norm_num_groups=32)
    pipe = StableDiffusionLDM3DPipeline(**parts, image_encoder=None, requires_safety_checker=False)
    pipe.save_pretrained(path, safe_serialization=True)
    return Path(path)


def save_tiny_controlnet(path: Path, *, seed: int = 0) -> Path:
    """A tiny ControlNet matching :func:`tiny_sd_components`."""
    import torch
    from diffusers import ControlNetModel

    torch.manual_seed(seed)
    net = ControlNetModel(block_out_channels=(32, 64), layers_per_block=1, in_channels=4,
                          down_block_types=("DownBlock2D", "CrossAttnDownBlock2D"), cross_attention_dim=32,
                          attention_head_dim=8, conditioning_embedding_out_channels=(16, 32), norm_num_groups=32)
    net.save_pretrained(path, safe_serialization=True)
    return Path(path)


def save_tiny_svd(path: Path, *, seed: int = 0) -> Path:
    """A tiny Stable Video Diffusion checkpoint (spatio-temporal UNet, temporal VAE, CLIP vision)."""
    import torch
    from diffusers import (
        AutoencoderKLTemporalDecoder, EulerDiscreteScheduler, StableVideoDiffusionPipeline,
        UNetSpatioTemporalConditionModel,
    )
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModelWithProjection

    torch.manual_seed(seed)
    unet = UNetSpatioTemporalConditionModel(
        block_out_channels=(32, 64), layers_per_block=1, sample_size=32, in_channels=8, out_channels=4,
        down_block_types=("CrossAttnDownBlockSpatioTemporal", "DownBlockSpatioTemporal"),
        up_block_types=("UpBlockSpatioTemporal", "CrossAttnUpBlockSpatioTemporal"), cross_attention_dim=32,
        num_attention_heads=8, projection_class_embeddings_input_dim=96, addition_time_embed_dim=32)
    scheduler = EulerDiscreteScheduler(beta_start=0.00085, beta_end=0.012, beta_schedule="scaled_linear",
                                       interpolation_type="linear", num_train_timesteps=1000,
                                       prediction_type="v_prediction", sigma_max=700.0, sigma_min=0.002,
                                       steps_offset=1, timestep_spacing="leading", timestep_type="continuous",
                                       use_karras_sigmas=True)
    vae = AutoencoderKLTemporalDecoder(block_out_channels=(32, 64), in_channels=3, out_channels=3,
                                       down_block_types=("DownEncoderBlock2D", "DownEncoderBlock2D"),
                                       latent_channels=4, layers_per_block=1)
    encoder = CLIPVisionModelWithProjection(CLIPVisionConfig(hidden_size=32, projection_dim=32, num_hidden_layers=2,
                                                             num_attention_heads=4, image_size=224,
                                                             intermediate_size=37, patch_size=32))
    processor = CLIPImageProcessor(crop_size=32, size=32)
    pipe = StableVideoDiffusionPipeline(vae=vae, image_encoder=encoder, unet=unet, scheduler=scheduler,
                                        feature_extractor=processor)
    pipe.save_pretrained(path, safe_serialization=True)
    return Path(path)


# -- full-size architectures (GPU benches) -------------------------------------------------------


def sd_turbo_pipeline(dtype: Any) -> Any:
    """SD-Turbo's architecture (SD 2.1: 865M-parameter UNet, OpenCLIP-H text encoder), random weights."""
    from diffusers import AutoencoderKL, StableDiffusionPipeline, UNet2DConditionModel

    unet = UNet2DConditionModel(sample_size=64, cross_attention_dim=1024, attention_head_dim=(5, 10, 20, 20),
                                use_linear_projection=True, block_out_channels=(320, 640, 1280, 1280))
    vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), down_block_types=("DownEncoderBlock2D",) * 4,
                        up_block_types=("UpDecoderBlock2D",) * 4, latent_channels=4, layers_per_block=2,
                        sample_size=768)
    encoder = _text_encoder(1024, 23, 16, 4096, act="gelu")
    pipe = StableDiffusionPipeline(vae=vae, text_encoder=encoder, tokenizer=tiny_tokenizer(), unet=unet,
                                   scheduler=turbo_scheduler(), safety_checker=None, feature_extractor=None,
                                   requires_safety_checker=False)
    return pipe.to(dtype=dtype)


def sdxl_turbo_pipeline(dtype: Any) -> Any:
    """SDXL-Turbo's architecture (2.6B-parameter UNet, CLIP-L + OpenCLIP-bigG), random weights."""
    from diffusers import AutoencoderKL, StableDiffusionXLPipeline, UNet2DConditionModel

    unet = UNet2DConditionModel(
        sample_size=64, in_channels=4, out_channels=4, block_out_channels=(320, 640, 1280), layers_per_block=2,
        down_block_types=("DownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D"),
        up_block_types=("CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "UpBlock2D"),
        transformer_layers_per_block=(1, 2, 10), attention_head_dim=(5, 10, 20), cross_attention_dim=2048,
        use_linear_projection=True, addition_embed_type="text_time", addition_time_embed_dim=256,
        projection_class_embeddings_input_dim=2816)
    vae = AutoencoderKL(block_out_channels=(128, 256, 512, 512), down_block_types=("DownEncoderBlock2D",) * 4,
                        up_block_types=("UpDecoderBlock2D",) * 4, latent_channels=4, layers_per_block=2,
                        sample_size=1024, scaling_factor=0.13025)
    encoder = _text_encoder(768, 12, 12, 3072)
    encoder_2 = _text_encoder(1280, 32, 20, 5120, projection=1280, act="gelu")
    pipe = StableDiffusionXLPipeline(vae=vae, text_encoder=encoder, text_encoder_2=encoder_2,
                                     tokenizer=tiny_tokenizer(), tokenizer_2=tiny_tokenizer(), unet=unet,
                                     scheduler=turbo_scheduler(), force_zeros_for_empty_prompt=True)
    return pipe.to(dtype=dtype)
