#!/usr/bin/env python3
"""Writes the fuzz tests' seed corpora from the records of a real run (RELIABILITY.md, "Fuzzing").

    make_seeds.py KAFKA_LOG_DIR REPO_ROOT

KAFKA_LOG_DIR is the log directory of a run's broker (OUT/kafka/kafka of `ftprobe run`); its record batches are read
from the segment files, uncompressed or zstd-compressed (the `zstd` tool). The JSON events are kept byte for byte,
except that the results' vectors (centroids, movements: 768 numbers each for BERT base) are cut to their first
CUT_DIM numbers, with `dim` to match, so that a seed is a few kilobytes and the fuzzer runs fast. An embedding batch is
cut the same way (its first vectors, their first dimensions) and re-encoded as versions 2 and 1. A dead letter is made
the way the services make one, for a real checkpoint event with a byte broken. Older schema versions are rewritten
from the current records by the rules the codecs' upgrades undo. The schema-1 manifest and the results' schemas 1 and 2
are not written here: they are the records of RunManifestSchema1Test and LegacyResultsTest, kept as files.
"""
import base64
import hashlib
import json
import os
import struct
import subprocess
import sys

CUT_DIM = 4
EVENTS = 'events/src/test/resources/dev/ftprobe/events/codec'
RESULTS = 'analyzer/src/test/resources/dev/ftprobe/analyzer/results'


def varint(b, i):
    shift = result = 0
    while True:
        x = b[i]
        i += 1
        result |= (x & 0x7F) << shift
        if not x & 0x80:
            return (result >> 1) ^ -(result & 1), i
        shift += 7


def records(segment, limit=None):
    """The values of the data records in a log segment, in offset order."""
    out = []
    with open(segment, 'rb') as f:
        while limit is None or len(out) < limit:
            head = f.read(12)
            if len(head) < 12:
                return out
            _, length = struct.unpack('>qi', head)
            batch = head + f.read(length)
            attributes = struct.unpack('>h', batch[21:23])[0]
            count = struct.unpack('>i', batch[57:61])[0]
            body = batch[61:]
            if attributes & 0x7 == 4:
                body = subprocess.run(['zstd', '-d', '-c', '-q'], input=body, capture_output=True, check=True).stdout
            elif attributes & 0x7:
                raise ValueError('compression %d is not read here' % (attributes & 0x7))
            if attributes & 0x20:  # a transaction marker
                continue
            j = 0
            for _ in range(count):
                size, j = varint(body, j)
                end = j + size
                j += 1
                _, j = varint(body, j)
                _, j = varint(body, j)
                key_len, j = varint(body, j)
                j += max(key_len, 0)
                value_len, j = varint(body, j)
                if value_len >= 0:
                    out.append(body[j:j + value_len])
                j = end
    return out


def topic(log_dir, name, limit=None):
    out = []
    for part in sorted(os.listdir(log_dir)):
        if part.rsplit('-', 1)[0] == name:
            for seg in sorted(os.listdir(os.path.join(log_dir, part))):
                if seg.endswith('.log'):
                    out += records(os.path.join(log_dir, part, seg), limit)
    return out


def dumps(obj):
    return json.dumps(obj, separators=(',', ':'), ensure_ascii=False).encode()


VECTORS = ('centroid', 'centroidMovement')


def cut_vectors(obj):
    """Every vector (a centroid or a centroid's movement), and 'dim', cut to CUT_DIM."""
    if isinstance(obj, dict):
        return {k: (min(v, CUT_DIM) if k == 'dim' else v[:CUT_DIM] if k in VECTORS else cut_vectors(v))
                for k, v in obj.items()}
    if isinstance(obj, list):
        return [cut_vectors(x) for x in obj]
    return obj


def crc32c(data):
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 & -(crc & 1))
    return crc ^ 0xFFFFFFFF


def cut_batch(value, count, dim, version):
    """An EmbeddingBatch (codec layout in EmbeddingBatchCodec) with its first `count` vectors cut to `dim`."""
    _, _, _, _, step, layer, index, chunks, full_dim, full_count = struct.unpack('<IHHIqiiiii', value[:40])
    i = 40
    texts = []
    for _ in range(3):
        (n,) = struct.unpack('<H', value[i:i + 2])
        texts.append(value[i:i + 2 + n])
        i += 2 + n
    (names,) = struct.unpack('<H', value[i:i + 2])
    start = i
    i += 2
    for _ in range(names):
        (n,) = struct.unpack('<H', value[i:i + 2])
        i += 2 + n
    names_section = value[start:i]
    ids = value[i:i + 4 * full_count]
    labels = value[i + 4 * full_count:i + 8 * full_count]
    vectors = value[i + 8 * full_count:]
    rows = b''.join(vectors[4 * full_dim * r:4 * full_dim * r + 4 * dim] for r in range(count))
    body = b''.join(texts) + (names_section if version == 2 else b'') + ids[:4 * count] + labels[:4 * count] + rows
    size = 40 + len(body) + 4
    head = struct.pack('<IHHIqiiiii', 0x42455446, version, 0, size, step, layer, index, chunks, dim, count)
    message = head + body
    return message + struct.pack('<I', crc32c(message))


def write(root, folder, name, data):
    path = os.path.join(root, folder, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'wb') as f:
        f.write(data)


def main(log_dir, root):
    manifest = topic(log_dir, 'ftprobe.runs')[0]
    checkpoints = topic(log_dir, 'ftprobe.checkpoints')
    geometry = topic(log_dir, 'ftprobe.analysis.default.geometry', limit=1)[0]
    dynamics = topic(log_dir, 'ftprobe.analysis.default.dynamics', limit=1)[0]
    batch = topic(log_dir, 'ftprobe.embeddings', limit=1)[0]

    runs = EVENTS + '/RunManifestFuzzTestInputs'
    write(root, runs, 'schema3-real', manifest)
    m = json.loads(manifest)
    v2 = dict(m, schemaVersion=2)
    v2['trainingSettings'] = {k: v for k, v in m['trainingSettings'].items()
                              if k not in ('maxGradNorm', 'hiddenDropout', 'attentionDropout', 'wordPooling',
                                           'cutExamples')}
    write(root, runs, 'schema2', dumps(v2))

    cps = EVENTS + '/CheckpointEventFuzzTestInputs'
    for c in checkpoints[:2]:
        write(root, cps, 'schema2-step%d-real' % json.loads(c)['step'], c)
    v1 = json.loads(checkpoints[0])
    v1.pop('evaluation', None)
    v1['schemaVersion'] = 1
    write(root, cps, 'schema1', dumps(v1))

    broken = bytearray(checkpoints[-1])
    broken[len(broken) // 2] = 0xFF
    letter = {
        'schemaVersion': 1,
        'sourceTopic': 'ftprobe.checkpoints',
        'partition': 1,
        'offset': 2,
        'key': json.loads(checkpoints[-1])['runId'],
        'reason': 'message: malformed JSON: Invalid UTF-8 start byte 0xff',  # the extractor's codec error for it
        'service': 'extractor',
        'payload': base64.b64encode(bytes(broken)).decode(),
        'payloadSha256': hashlib.sha256(broken).hexdigest(),
        'payloadSize': len(broken),
        'createdAt': '2025-12-07T02:23:41.118Z',
    }
    write(root, EVENTS + '/DeadLetterFuzzTestInputs', 'with-payload', dumps(letter))
    letter = {k: v for k, v in letter.items() if k not in ('payload', 'key')}
    letter.update(payloadSize=-1, payloadSha256=hashlib.sha256(b'').hexdigest(), reason='message: is empty')
    write(root, EVENTS + '/DeadLetterFuzzTestInputs', 'null-value', dumps(letter))

    batches = EVENTS + '/EmbeddingBatchCodecFuzzTestInputs'
    write(root, batches, 'version2-cut', cut_batch(batch, 3, CUT_DIM, 2))
    write(root, batches, 'version1-cut', cut_batch(batch, 2, CUT_DIM, 1))

    g = cut_vectors(json.loads(geometry))
    write(root, RESULTS + '/SetGeometryFuzzTestInputs', 'schema4-cut', dumps(g))
    # schema 3: no method (always DirectProbe), no tracking, no undecided pairs
    g3 = {k: v for k, v in g.items() if k not in ('method', 'tracking')}
    g3['schemaVersion'] = 3
    g3['geometry'] = {k: v for k, v in g['geometry'].items() if k != 'undecided'}
    write(root, RESULTS + '/SetGeometryFuzzTestInputs', 'schema3', dumps(g3))
    d = cut_vectors(json.loads(dynamics))
    write(root, RESULTS + '/StepDynamicsFuzzTestInputs', 'schema4-cut', dumps(d))
    d3 = {k: v for k, v in d.items() if k != 'probe'}  # schema 3: no probe
    d3['schemaVersion'] = 3
    write(root, RESULTS + '/StepDynamicsFuzzTestInputs', 'schema3', dumps(d3))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
