#!/usr/bin/env python3
"""Regenerate domain/mwaaModel.json: the input constraints of MWAA's CreateEnvironment and
UpdateEnvironment, trimmed from botocore's copy of AWS's published service model.

Usage: python3 scripts/trim-mwaa-model.py [output-path]   (default: domain/mwaaModel.json)

Only constraint traits are kept (type, min, max, pattern, enum, required, sensitive, location),
documentation strings are dropped, so the copy is small enough to ship and read in CI, which has
no guarantee of botocore. test/unit/modelFidelity.test.ts reads it.
"""
import gzip
import json
import os
import sys

import botocore

MODEL_PATH = 'data/mwaa/2020-07-01/service-2.json'
OPERATIONS = ['CreateEnvironment', 'UpdateEnvironment']
TRAITS = ['type', 'min', 'max', 'pattern', 'enum', 'required', 'sensitive']


def load_model():
    base = os.path.join(os.path.dirname(botocore.__file__), MODEL_PATH)
    for path, opener in ((base, open), (base + '.gz', gzip.open)):
        if os.path.exists(path):
            with opener(path, 'rt', encoding='utf-8') as f:
                return json.load(f), path
    raise SystemExit(f'no MWAA model under {base}(.gz)')


def trim(shapes, name, out):
    if name in out:
        return
    shape = shapes[name]
    kept = {k: shape[k] for k in TRAITS if k in shape}
    out[name] = kept
    kind = shape['type']
    if kind == 'structure':
        kept['members'] = {}
        for member, ref in shape['members'].items():
            entry = {'shape': ref['shape']}
            if 'location' in ref:
                entry['location'] = ref['location']
            kept['members'][member] = entry
            trim(shapes, ref['shape'], out)
    elif kind == 'list':
        kept['member'] = shape['member']['shape']
        trim(shapes, shape['member']['shape'], out)
    elif kind == 'map':
        kept['key'] = shape['key']['shape']
        kept['value'] = shape['value']['shape']
        trim(shapes, shape['key']['shape'], out)
        trim(shapes, shape['value']['shape'], out)


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'domain', 'mwaaModel.json')
    model, path = load_model()
    shapes = model['shapes']
    operations = {}
    trimmed = {}
    for op in OPERATIONS:
        input_shape = model['operations'][op]['input']['shape']
        operations[op] = input_shape
        trim(shapes, input_shape, trimmed)
    document = {
        '_source': {
            'description': 'Constraints of the MWAA CreateEnvironment and UpdateEnvironment inputs, trimmed from AWS\'s published service model. Generated: do not edit; regenerate with scripts/trim-mwaa-model.py.',
            'botocoreVersion': botocore.__version__,
            'modelPath': 'botocore/' + os.path.relpath(path, os.path.dirname(botocore.__file__)),
            'apiVersion': model['metadata']['apiVersion'],
            'generator': 'scripts/trim-mwaa-model.py',
        },
        'operations': operations,
        'shapes': dict(sorted(trimmed.items())),
    }
    with open(target, 'w', encoding='utf-8') as f:
        json.dump(document, f, indent=2, ensure_ascii=False)
        f.write('\n')
    print(f'wrote {os.path.normpath(target)} from {path} (botocore {botocore.__version__})')


if __name__ == '__main__':
    main()
