"""Random-weight chat models saved to a folder, loaded back through ``from_pretrained``.

Speed does not depend on weight values, so a real-sized architecture with random weights
measures tokens/s and time to first token honestly without a download; the ``tiny`` size is
what the hermetic tests use. The tokenizer is a word-level ``tokenizers`` model over a
synthetic vocabulary, with a chat template, wrapped in ``PreTrainedTokenizerFast``.
"""

from __future__ import annotations

from pathlib import Path

CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|> {{ m['content'] }} </s> {% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|> {% endif %}")
TINY_WORDS = tuple(("hello world the a red dragon draw make video image mesh steps language tool args id "
                    "{ } [ ] : , \" s1 en ko plan json yes no").split())
SPECIALS = ("<unk>", "<s>", "</s>", "<pad>", "<|system|>", "<|user|>", "<|assistant|>")

# Llama-3.2-1B's shape (hidden 2048, 16 layers, GQA 32/8 heads, 128k vocabulary).
SIZES = {
    "tiny": dict(hidden_size=32, intermediate_size=64, num_hidden_layers=1, num_attention_heads=2,
                 num_key_value_heads=1, vocab=None),
    "llama-1b": dict(hidden_size=2048, intermediate_size=8192, num_hidden_layers=16, num_attention_heads=32,
                     num_key_value_heads=8, vocab=128256),
}


def random_chat_model(folder: Path, *, size: str = "tiny", chat_template: str | None = CHAT_TEMPLATE,
                      dtype: str = "float32") -> Path:
    """Write a random Llama-architecture model and its tokenizer to ``folder``; return it."""
    import torch
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import LlamaConfig, LlamaForCausalLM, PreTrainedTokenizerFast

    shape = dict(SIZES[size])
    vocab_size = shape.pop("vocab")
    words = list(TINY_WORDS) if vocab_size is None else [f"w{i}" for i in range(vocab_size - len(SPECIALS))]
    vocab = {token: index for index, token in enumerate([*SPECIALS, *words])}
    backend = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="<unk>", bos_token="<s>",
                                        eos_token="</s>", pad_token="<pad>")
    if chat_template:
        tokenizer.chat_template = chat_template
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=len(vocab), max_position_embeddings=8192, bos_token_id=1, eos_token_id=2,
                         pad_token_id=3, **shape)
    model = LlamaForCausalLM(config).to(getattr(torch, dtype))
    model.generation_config.eos_token_id = None  # random weights: never stop early, so every token streams
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder
