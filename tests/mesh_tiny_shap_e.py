"""Tiny random-weight Shap-E pipelines for tests, saved with ``save_pretrained`` into a directory.

The component sizes follow diffusers' own tests (tests/pipelines/shap_e/test_shap_e*.py). Two
things a real checkpoint carries are not random and are filled in here:

- the tokenizer: a byte-level CLIP BPE vocabulary of the 256 byte symbols (and their
  end-of-word forms) with no merges, written offline instead of downloaded;
- the renderer's marching-cubes lookup table (``mesh_decoder.cases`` / ``masks``), which
  ships inside the real ``shap_e_renderer`` weights: :func:`marching_cubes_table` derives it
  from the cube's geometry in diffusers' corner and edge numbering.

The SDF head's bias is set so the decoded field is positive inside the volume, which makes the
decoder return a closed surface; every other weight stays random.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# diffusers' MeshDecoder: corner (x, y, z) is bit x + 2y + 4z; edges 0-3 run along X, 4-7 along Y,
# 8-11 along Z (see diffusers.pipelines.shap_e.renderer._create_flat_edge_indices)
EDGES: tuple[tuple[tuple[int, int, int], tuple[int, int, int]], ...] = (
    ((0, 0, 0), (1, 0, 0)), ((0, 1, 0), (1, 1, 0)), ((0, 0, 1), (1, 0, 1)), ((0, 1, 1), (1, 1, 1)),
    ((0, 0, 0), (0, 1, 0)), ((1, 0, 0), (1, 1, 0)), ((0, 0, 1), (0, 1, 1)), ((1, 0, 1), (1, 1, 1)),
    ((0, 0, 0), (0, 0, 1)), ((1, 0, 0), (1, 0, 1)), ((0, 1, 0), (0, 1, 1)), ((1, 1, 0), (1, 1, 1)),
)
FACES = (  # the six cube faces as corner cycles
    ((0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0)), ((0, 0, 1), (1, 0, 1), (1, 1, 1), (0, 1, 1)),
    ((0, 0, 0), (1, 0, 0), (1, 0, 1), (0, 0, 1)), ((0, 1, 0), (1, 1, 0), (1, 1, 1), (0, 1, 1)),
    ((0, 0, 0), (0, 1, 0), (0, 1, 1), (0, 0, 1)), ((1, 0, 0), (1, 1, 0), (1, 1, 1), (1, 0, 1)),
)


def _bit(corner: tuple[int, int, int]) -> int:
    return corner[0] + 2 * corner[1] + 4 * corner[2]


def _edge(a: tuple[int, int, int], b: tuple[int, int, int]) -> int:
    return next(i for i, (p, q) in enumerate(EDGES) if {p, q} == {a, b})


def marching_cubes_table() -> tuple[Any, Any]:
    """``(cases, masks)`` of shapes (256, 5, 3) and (256, 5) for diffusers' MeshDecoder.

    Per configuration: on each face, join the crossed edges (an ambiguous face keeps its inside
    corners apart), chain the segments into loops, fan-triangulate each loop and wind it so
    the normal points from inside (field > 0) to outside.
    """
    import numpy as np
    import torch

    cases = torch.zeros(256, 5, 3, dtype=torch.long)
    masks = torch.zeros(256, 5, dtype=torch.bool)
    for config in range(256):
        inside = {c: bool(config >> _bit(c) & 1) for face in FACES for c in face}
        links: dict[int, list[int]] = {}
        for face in FACES:
            crossed = [_edge(face[i], face[(i + 1) % 4]) for i in range(4) if inside[face[i]] != inside[face[(i + 1) % 4]]]
            if len(crossed) == 2:
                pairs = [tuple(crossed)]
            elif len(crossed) == 4:
                pairs = [(_edge(face[i - 1], face[i]), _edge(face[i], face[(i + 1) % 4])) for i in range(4) if inside[face[i]]]
            else:
                pairs = []
            for a, b in pairs:
                links.setdefault(a, []).append(b)
                links.setdefault(b, []).append(a)
        triangles: list[tuple[int, int, int]] = []
        unused = set(links)
        while unused:
            loop = [min(unused)]
            while True:
                nxt = [e for e in links[loop[-1]] if e not in loop]
                if not nxt:
                    break
                loop.append(nxt[0])
            unused -= set(loop)
            points = [np.add(*EDGES[e]) / 2 for e in loop]
            fan = [(loop[0], loop[i], loop[i + 1]) for i in range(1, len(loop) - 1)]
            normal = np.cross(points[1] - points[0], points[2] - points[0])
            p, q = EDGES[loop[0]]
            outward = np.subtract(q, p) if inside[p] else np.subtract(p, q)
            if float(np.dot(normal, outward)) < 0:
                fan = [(a, c, b) for a, b, c in fan]
            triangles += fan
        assert len(triangles) <= 5, f"configuration {config} needs {len(triangles)} triangles"
        for t, triangle in enumerate(triangles):
            cases[config, t] = torch.tensor(triangle)
            masks[config, t] = True
    return cases, masks


def tiny_tokenizer() -> Any:
    from tokenizers.pre_tokenizers import ByteLevel
    from transformers import CLIPTokenizer

    symbols = sorted(ByteLevel.alphabet())
    vocab = {symbol: i for i, symbol in enumerate(symbols)}
    vocab.update({symbol + "</w>": len(symbols) + i for i, symbol in enumerate(symbols)})
    vocab["<|startoftext|>"] = len(vocab)
    vocab["<|endoftext|>"] = len(vocab)
    return CLIPTokenizer(vocab=vocab, merges=[], model_max_length=77)


def _prior(*, image: bool) -> Any:
    from diffusers import PriorTransformer

    extra = {"embedding_proj_norm_type": "layer"} if image else {}
    return PriorTransformer(num_attention_heads=2, attention_head_dim=16, embedding_dim=32, num_embeddings=32,
                            embedding_proj_dim=32, time_embed_dim=128, num_layers=1, clip_embed_dim=64,
                            additional_embeddings=0, time_embed_act_fn="gelu", norm_in_type="layer",
                            encoder_hid_proj_type=None, added_emb_type=None, **extra)


def _renderer() -> Any:
    import torch
    from diffusers.pipelines.shap_e import ShapERenderer

    renderer = ShapERenderer(param_shapes=((8, 93), (8, 8), (8, 8), (8, 8)), d_latent=32, d_hidden=8, n_output=12,
                             background=(0.1, 0.1, 0.1))
    cases, masks = marching_cubes_table()
    with torch.no_grad():
        renderer.mesh_decoder.cases.copy_(cases)
        renderer.mesh_decoder.masks.copy_(masks)
        head = renderer.mlp.mlp[-1]  # output channel 0 is the signed distance
        head.weight[0].zero_()
        head.bias[0] = 2.0
    return renderer


def _scheduler() -> Any:
    from diffusers import HeunDiscreteScheduler

    return HeunDiscreteScheduler(beta_schedule="exp", num_train_timesteps=1024, prediction_type="sample",
                                 use_karras_sigmas=True, clip_sample=True, clip_sample_range=1.0)


def save_tiny_text_pipeline(directory: Path) -> Path:
    """A tiny ShapEPipeline saved at ``directory`` (a few hundred kB)."""
    import torch
    from diffusers import ShapEPipeline
    from transformers import CLIPTextConfig, CLIPTextModelWithProjection

    torch.manual_seed(0)
    tokenizer = tiny_tokenizer()
    text_encoder = CLIPTextModelWithProjection(CLIPTextConfig(
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id,
        hidden_size=32, projection_dim=32, intermediate_size=37, num_attention_heads=4, num_hidden_layers=2,
        vocab_size=len(tokenizer)))
    pipe = ShapEPipeline(prior=_prior(image=False), text_encoder=text_encoder, tokenizer=tokenizer,
                         shap_e_renderer=_renderer(), scheduler=_scheduler())
    pipe.save_pretrained(directory)
    return directory


def save_tiny_image_pipeline(directory: Path) -> Path:
    """A tiny ShapEImg2ImgPipeline saved at ``directory``."""
    import torch
    from diffusers import ShapEImg2ImgPipeline
    from transformers import CLIPImageProcessor, CLIPVisionConfig, CLIPVisionModel

    torch.manual_seed(0)
    encoder = CLIPVisionModel(CLIPVisionConfig(hidden_size=32, image_size=32, projection_dim=32, intermediate_size=37,
                                               num_attention_heads=4, num_channels=3, num_hidden_layers=2,
                                               patch_size=4))
    processor = CLIPImageProcessor(crop_size=32, do_center_crop=True, do_normalize=True, do_resize=True,
                                   image_mean=[0.48145466, 0.4578275, 0.40821073],
                                   image_std=[0.26862954, 0.26130258, 0.27577711], resample=3, size=32)
    pipe = ShapEImg2ImgPipeline(prior=_prior(image=True), image_encoder=encoder, image_processor=processor,
                                shap_e_renderer=_renderer(), scheduler=_scheduler())
    pipe.save_pretrained(directory)
    return directory
