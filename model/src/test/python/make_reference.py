#!/usr/bin/python3
"""Reference BERT (the network of HF BertModel) in plain PyTorch, written from the equations.

  make_reference.py fixtures OUT_DIR   seeded weights + inputs + every hidden state, as
                                       safetensors files (format written by hand below)
  make_reference.py bench PRESET...    forward tokens/s and training steps/s at batch 32,
                                       sequence 128, torch.set_num_threads(2)

Runs with Debian's python3-torch (1.13) on /usr/bin/python3; needs no `transformers`.
"""
import json
import math
import struct
import sys
import time

import torch
import torch.nn.functional as F


class Bert(torch.nn.Module):
    def __init__(self, vocab, hidden, layers, heads, inter, max_pos, type_vocab=2, eps=1e-12):
        super().__init__()
        self.h, self.a, self.eps, self.L = hidden, heads, eps, layers
        P = torch.nn.Parameter
        self.p = {}  # HF name -> parameter (ParameterDict forbids "." in names)
        def lin(name, out_dim, in_dim):
            self.p[name + ".weight"] = P(torch.empty(out_dim, in_dim))
            self.p[name + ".bias"] = P(torch.empty(out_dim))
        def ln(name):
            self.p[name + ".weight"] = P(torch.empty(hidden))
            self.p[name + ".bias"] = P(torch.empty(hidden))
        self.p["embeddings.word_embeddings.weight"] = P(torch.empty(vocab, hidden))
        self.p["embeddings.position_embeddings.weight"] = P(torch.empty(max_pos, hidden))
        self.p["embeddings.token_type_embeddings.weight"] = P(torch.empty(type_vocab, hidden))
        ln("embeddings.LayerNorm")
        for l in range(layers):
            pre = "encoder.layer.%d." % l
            for n in ("query", "key", "value"):
                lin(pre + "attention.self." + n, hidden, hidden)
            lin(pre + "attention.output.dense", hidden, hidden)
            ln(pre + "attention.output.LayerNorm")
            lin(pre + "intermediate.dense", inter, hidden)
            lin(pre + "output.dense", hidden, inter)
            ln(pre + "output.LayerNorm")
        lin("pooler.dense", hidden, hidden)
        self.plist = torch.nn.ParameterList(list(self.p.values()))

    def init(self, gen, scale=1.0):
        for name, t in self.p.items():
            with torch.no_grad():
                if "LayerNorm" in name:
                    t.copy_(1.0 + 0.1 * torch.randn(t.shape, generator=gen) if name.endswith("weight")
                            else 0.1 * torch.randn(t.shape, generator=gen))
                else:
                    t.copy_(scale * 0.02 * torch.randn(t.shape, generator=gen))

    def forward(self, ids, types, mask):
        p = self.p
        b, t = ids.shape
        x = (p["embeddings.word_embeddings.weight"][ids]
             + p["embeddings.position_embeddings.weight"][:t].unsqueeze(0)
             + p["embeddings.token_type_embeddings.weight"][types])
        x = F.layer_norm(x, (self.h,), p["embeddings.LayerNorm.weight"], p["embeddings.LayerNorm.bias"], self.eps)
        add = (1.0 - mask.to(torch.float32))[:, None, None, :] * -10000.0
        hidden = [x]
        d = self.h // self.a
        def lin(v, name):
            return F.linear(v, p[name + ".weight"], p[name + ".bias"])
        for l in range(self.L):
            pre = "encoder.layer.%d." % l
            def heads(v):
                return v.view(b, t, self.a, d).permute(0, 2, 1, 3)
            q = heads(lin(x, pre + "attention.self.query"))
            k = heads(lin(x, pre + "attention.self.key"))
            v = heads(lin(x, pre + "attention.self.value"))
            s = q @ k.transpose(-1, -2) / math.sqrt(d) + add
            ctx = (s.softmax(-1) @ v).permute(0, 2, 1, 3).reshape(b, t, self.h)
            a = F.layer_norm(lin(ctx, pre + "attention.output.dense") + x, (self.h,),
                             p[pre + "attention.output.LayerNorm.weight"], p[pre + "attention.output.LayerNorm.bias"], self.eps)
            i = F.gelu(lin(a, pre + "intermediate.dense"))  # exact erf GELU
            x = F.layer_norm(lin(i, pre + "output.dense") + a, (self.h,),
                             p[pre + "output.LayerNorm.weight"], p[pre + "output.LayerNorm.bias"], self.eps)
            hidden.append(x)
        pooled = torch.tanh(lin(x[:, 0], "pooler.dense"))
        return hidden, pooled


def write_safetensors(path, tensors):
    """safetensors by hand: 8-byte LE header length, JSON header, raw little-endian F32 data."""
    header, blobs, off = {}, [], 0
    for name, t in tensors.items():
        data = t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [off, off + len(data)]}
        blobs.append(data)
        off += len(data)
    h = json.dumps(header, separators=(",", ":")).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)))
        f.write(h)
        for blob in blobs:
            f.write(blob)


def fixtures(out):
    torch.manual_seed(0)
    gen = torch.Generator().manual_seed(1234)
    cfg = dict(vocab=100, hidden=32, layers=2, heads=2, inter=128, max_pos=16)
    model = Bert(**cfg)
    # weights 10x BERT's scale so that attention patterns and GELU's curvature matter
    model.init(gen, scale=10.0)
    ids = torch.tensor([[2, 17, 45, 9, 88, 31, 3, 0],
                        [2, 5, 99, 3, 0, 0, 0, 0],
                        [2, 60, 61, 62, 63, 64, 65, 3]])
    types = torch.tensor([[0, 0, 0, 0, 1, 1, 1, 0],
                          [0, 0, 1, 1, 0, 0, 0, 0],
                          [0, 0, 0, 0, 0, 1, 1, 1]])
    mask = (torch.arange(8)[None, :] < torch.tensor([7, 4, 8])[:, None]).long()
    with torch.no_grad():
        hidden, pooled = model(ids, types, mask)
    write_safetensors(out + "/weights.safetensors", dict(model.p.items()))
    expected = {"input_ids": ids.float(), "token_type_ids": types.float(), "attention_mask": mask.float(),
                "pooled": pooled}
    for i, h in enumerate(hidden):
        expected["hidden.%d" % i] = h
    write_safetensors(out + "/expected.safetensors", expected)
    cfg_json = {"vocab_size": 100, "hidden_size": 32, "num_hidden_layers": 2, "num_attention_heads": 2,
                "intermediate_size": 128, "max_position_embeddings": 16, "type_vocab_size": 2,
                "layer_norm_eps": 1e-12, "hidden_act": "gelu"}
    with open(out + "/config.json", "w") as f:
        json.dump(cfg_json, f, indent=1)


PRESETS = {"tiny": (2, 128, 2), "mini": (4, 256, 4), "small": (4, 512, 8), "medium": (8, 512, 8),
           "base": (12, 768, 12)}


def bench(presets, batch=32, seq=128, labels=10):
    torch.set_num_threads(2)
    for name in presets:
        L, H, A = PRESETS[name]
        model = Bert(30522, H, L, A, 4 * H, 512)
        model.init(torch.Generator().manual_seed(0))
        head = torch.nn.Linear(H, labels)
        g = torch.Generator().manual_seed(1)
        ids = torch.randint(5, 30522, (batch, seq), generator=g)
        types = torch.zeros_like(ids)
        mask = torch.ones_like(ids)
        y = torch.randint(0, labels, (batch,), generator=g)
        fwd_iters = 3 if H >= 512 else 5
        with torch.no_grad():
            model(ids, types, mask)
            t0 = time.perf_counter()
            for _ in range(fwd_iters):
                model(ids, types, mask)
            fwd = fwd_iters * batch * seq / (time.perf_counter() - t0)
        opt = torch.optim.Adam(list(model.parameters()) + list(head.parameters()), lr=1e-4)
        def step():
            opt.zero_grad()
            hidden, _ = model(ids, types, mask)
            loss = F.cross_entropy(head(hidden[-1][:, 0]), y)
            loss.backward()
            opt.step()
        step()
        train_iters = 2
        t0 = time.perf_counter()
        for _ in range(train_iters):
            step()
        sps = train_iters / (time.perf_counter() - t0)
        print(json.dumps({"engine": "pytorch-%s" % torch.__version__, "preset": name,
                          "forward_tokens_per_s": round(fwd, 1), "train_steps_per_s": round(sps, 4)}),
              flush=True)


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "fixtures":
        fixtures(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "bench":
        bench(sys.argv[2:])
    else:
        sys.exit(__doc__)
