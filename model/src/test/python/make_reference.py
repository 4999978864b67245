#!/usr/bin/python3
"""Reference BERT (the network of HF BertModel) in plain PyTorch, written from the equations.

  make_reference.py fixtures OUT_DIR   seeded weights + inputs + every hidden state, as
                                       safetensors files (format written by hand below)
  make_reference.py finetune OUT_DIR   two fine-tuning steps of HF's recipe at dropout 0 on the fixtures'
                                       model (pooler + sequence head, word head on first subwords, pair head
                                       on mean subwords; global-norm clipping 1.0; HF's AdamW, weight decay 0)
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


# --- fine-tuning: HF's heads, clip_grad_norm_ and AdamW (transformers 4.2.1), dropout 0 -------------------------

# word spans [start, end) per sentence of the fixture inputs, and the targets of each head kind
SPANS = [[(1, 3), (3, 4), (4, 6)], [(1, 2), (2, 3)], [(1, 2), (2, 5), (5, 7)]]
CASES = {
    # name: (kind, pooling, labels, targets per sentence: word index or (dependent, head), label per target)
    "sentence": ("sentence", None, 4, [[None], [None], [None]], [[1], [3], [0]]),
    "word_first": ("word", "first", 5, [[0, 1, 2], [0, 1], [1, 2]], [[1, 3, 0], [2, 4], [0, 1]]),
    "pair_mean": ("pair", "mean", 5, [[(0, 1), (2, 1)], [(1, 0)], [(0, 2), (1, 2)]], [[1, 3], [2], [0, 4]]),
}
KEPT = ["classifier.weight", "classifier.bias", "pooler.dense.weight", "pooler.dense.bias",
        "embeddings.LayerNorm.weight", "encoder.layer.0.attention.self.query.weight",
        "encoder.layer.1.output.dense.bias", "encoder.layer.1.output.LayerNorm.weight"]


def word_vector(last, s, span, pooling):
    a, b = span
    return last[s, a] if pooling == "first" else last[s, a:b].mean(0)


def head_loss(model, head_w, head_b, case, ids, types, mask):
    kind, pooling, _, targets, labels = case
    hidden, pooled = model(ids, types, mask)
    last = hidden[-1]
    rows, ys = [], []
    for s, (ts, ls) in enumerate(zip(targets, labels)):
        for t, y in zip(ts, ls):
            if kind == "sentence":
                rows.append(pooled[s])
            elif kind == "word":
                rows.append(word_vector(last, s, SPANS[s][t], pooling))
            else:
                rows.append(torch.cat([word_vector(last, s, SPANS[s][t[0]], pooling),
                                       word_vector(last, s, SPANS[s][t[1]], pooling)]))
            ys.append(y)
    logits = F.linear(torch.stack(rows), head_w, head_b)
    return F.cross_entropy(logits, torch.tensor(ys))  # mean over targets


def adamw_step(params, state, lr, b1=0.9, b2=0.999, eps=1e-8):
    """transformers 4.2.1 AdamW.step with correct_bias=True and weight_decay=0."""
    with torch.no_grad():
        for name, p in params.items():
            if p.grad is None:
                continue
            st = state.setdefault(name, {"step": 0, "m": torch.zeros_like(p), "v": torch.zeros_like(p)})
            st["step"] += 1
            st["m"].mul_(b1).add_(p.grad, alpha=1.0 - b1)
            st["v"].mul_(b2).addcmul_(p.grad, p.grad, value=1.0 - b2)
            denom = st["v"].sqrt().add_(eps)
            step_size = lr * math.sqrt(1.0 - b2 ** st["step"]) / (1.0 - b1 ** st["step"])
            p.addcdiv_(st["m"], denom, value=-step_size)


def finetune(out):
    fx = {}
    weights = read_safetensors(out + "/weights.safetensors")
    expected = read_safetensors(out + "/expected.safetensors")
    ids = expected["input_ids"].long()
    types = expected["token_type_ids"].long()
    mask = expected["attention_mask"].long()
    # LinearSchedule(1e-3, 0 warm-up, 10 steps) at steps 0 and 1, as float32 like the Java side
    lrs = [float(torch.tensor(1e-3, dtype=torch.float32) * torch.tensor(10 / 10, dtype=torch.float32)),
           float(torch.tensor(1e-3, dtype=torch.float32) * torch.tensor(9 / 10, dtype=torch.float32))]
    gen = torch.Generator().manual_seed(99)
    for name, case in CASES.items():
        model = Bert(vocab=100, hidden=32, layers=2, heads=2, inter=128, max_pos=16)
        with torch.no_grad():
            for k, t in model.p.items():
                t.copy_(weights[k])
        width = 64 if case[0] == "pair" else 32
        head_w = torch.nn.Parameter(0.2 * torch.randn(case[2], width, generator=gen))
        head_b = torch.nn.Parameter(0.1 * torch.randn(case[2], generator=gen))
        fx[name + ".init.classifier.weight"] = head_w.detach().clone()
        fx[name + ".init.classifier.bias"] = head_b.detach().clone()
        params = dict(model.p.items())
        params["classifier.weight"] = head_w
        params["classifier.bias"] = head_b
        state = {}
        for step, lr in enumerate(lrs):
            for p in params.values():
                p.grad = None
            loss = head_loss(model, head_w, head_b, case, ids, types, mask)
            loss.backward()
            norm = torch.nn.utils.clip_grad_norm_([p for p in params.values() if p.grad is not None], 1.0)
            adamw_step(params, state, lr)
            fx["%s.loss.%d" % (name, step)] = loss.detach().reshape(1)
            fx["%s.gradnorm.%d" % (name, step)] = norm.detach().reshape(1)
            print(name, step, "loss", float(loss), "grad norm", float(norm))
        for k in KEPT:
            fx[name + ".after." + k] = params[k].detach().clone()
    write_safetensors(out + "/finetune.safetensors", fx)


def read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        data = f.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = torch.frombuffer(bytearray(data[a:b]), dtype=torch.float32).reshape(info["shape"]).clone()
    return out


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
    elif len(sys.argv) >= 3 and sys.argv[1] == "finetune":
        finetune(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "bench":
        bench(sys.argv[2:])
    else:
        sys.exit(__doc__)
