#!/usr/bin/env python3
"""Write the corpus's JSON specs as YAML, in three emitter styles, for the
on-demand check that large YAML read in pieces equals YAML read whole
(generator/src/load/yaml_pieces.rs; CORPUS.md, "YAML read in pieces").

usage: python3 .ci/yaml-corpus.py CORPUS_API_DIR OUT_DIR   (needs PyYAML)
"""
import json
import os
import sys
from multiprocessing import Pool

import yaml

# Block style folded at 80 columns; flow style for leaf collections, 4-space
# indentation, folded at 60; block style with long lines and raw Unicode.
STYLES = [
    dict(default_flow_style=False, width=80),
    dict(default_flow_style=None, width=60, indent=4),
    dict(default_flow_style=False, width=1000, allow_unicode=True),
]


def convert(job):
    index, path, out_dir = job
    try:
        with open(path) as f:
            document = json.load(f)
        with open(os.path.join(out_dir, "%05d.yaml" % index), "w") as out:
            if index % 2:
                out.write("# converted\n---\n")
            yaml.dump(document, out, Dumper=yaml.CDumper, sort_keys=False, **STYLES[index % 3])
        return 1
    except Exception:
        return 0


def main():
    source, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    files = sorted(os.path.join(d, f) for d, _, names in os.walk(source) for f in names if f.endswith(".json"))
    with Pool() as pool:
        written = sum(pool.map(convert, [(i, path, out_dir) for i, path in enumerate(files)], chunksize=20))
    print(f"{written} of {len(files)} specs written as YAML to {out_dir}")


if __name__ == "__main__":
    main()
