#!/usr/bin/env python3
"""Fetches the pristine photographs that iqmon trains on, from Debian packages, without installing them.

  fetch_photos.py [--cache DIR] [--table PHOTOS.md] [--manifest photo_manifest.json]
  fetch_photos.py --pin        # deliberately move to the versions apt offers now (rewrites the manifest)

The checked-in manifest (photo_manifest.json) names each package's version and, for each photograph,
the package, its path inside the package and the sha256 of that file. `apt-get download PACKAGE=VERSION`
fetches exactly the pinned .deb files into the cache, `dpkg -x` unpacks them there, every listed
file's sha256 is checked against the manifest (a mismatch, or a pinned version apt no longer has, stops
the run with a message saying which file or package and what to do), and the photographs are copied
out (shrunk to at most 1600 px on the longer side with INTER_AREA, saved as PNG so nothing is
re-compressed) as <cache>/photos/<id>.png. The packages also ship drawings and abstract renders; only
the real photographs are listed. The provenance and licence table is generated from each package's
Debian copyright file (and, for scikit-image's sample data, from the notes in skimage/data/_fetchers.py)
and written to --table.

--pin asks apt for each package's candidate version, fetches it and writes the versions and sha256s it
finds to the manifest: review the diff before committing it (changed pictures change the training set).
"""
import argparse
import fnmatch
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys

import cv2

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

MAX_SIDE = 1600
SKIMAGE_DATA = 'usr/lib/python3/dist-packages/skimage/data/'
MANIFEST = os.path.join(common.HERE, 'photo_manifest.json')

# Whole photographs held out for evaluation (10 of 42, about 24 %, spread over the packages).
HELD_OUT = {'Dragonfly_by_Bolly', 'friends_by_Aitzol_Berasategi', 'sunset_by_Aitzol_Berasategi',
            'Garden', 'RainDrops', 'Wood', 'EveningGlow', 'Path', 'chelsea', 'coffee'}


class FetchError(Exception):
    """A package or photograph that is not the pinned one; the message says what to do."""


def photo_id(path):
    if '/wallpapers/' in path:
        return path.split('/wallpapers/')[1].split('/')[0]
    return os.path.splitext(os.path.basename(path))[0]


def load_manifest(path):
    with open(path) as f:
        manifest = json.load(f)
    listed = {photo['package'] for photo in manifest['photos']}
    unpinned = listed - set(manifest['packages'])
    if unpinned:
        raise FetchError(f'{path}: no pinned version for {sorted(unpinned)}')
    return manifest


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as f:
        for block in iter(lambda: f.read(1 << 20), b''):
            digest.update(block)
    return digest.hexdigest()


def candidate_version(package):
    """The version `apt-get download PACKAGE` would fetch now."""
    policy = subprocess.run(['apt-cache', 'policy', package], capture_output=True, text=True, check=True).stdout
    found = re.search(r'^\s*Candidate:\s*(\S+)', policy, re.M)
    if not found or found.group(1) == '(none)':
        raise FetchError(f'apt has no version of {package}: run apt-get update (Debian\'s main archive is needed)')
    return found.group(1)


def download(package, version, debs_dir):
    """The .deb of exactly this version, from the cache or `apt-get download`."""
    pattern = os.path.join(debs_dir, f'{package}_{version.replace(":", "%3a")}_*.deb')
    found = glob.glob(pattern)
    if not found:
        print(f'fetch: apt-get download {package}={version}', flush=True)
        done = subprocess.run(['apt-get', 'download', f'{package}={version}'], cwd=debs_dir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise FetchError(f'apt-get download {package}={version} failed: {done.stderr.strip()}\n'
                             f'The pinned version may have left the archive: `apt-cache policy {package}` lists '
                             f'the versions apt knows. To train on another version, run fetch_photos.py --pin '
                             f'and review the changed sha256s before committing photo_manifest.json.')
        found = glob.glob(pattern)
    if len(found) != 1:
        raise FetchError(f'expected one .deb matching {pattern}, found {found}')
    return found[0]


def unpack(deb, root):
    """dpkg -x into root, once per .deb file."""
    stamp = os.path.join(root, '.extracted-' + os.path.basename(deb))
    if not os.path.exists(stamp):
        shutil.rmtree(root, ignore_errors=True)
        os.makedirs(root)
        subprocess.run(['dpkg', '-x', deb, root], check=True, stdout=subprocess.DEVNULL)
        open(stamp, 'w').close()


def fetch_debs(cache, versions):
    """{package: root of its unpacked files} for the pinned {package: version}."""
    debs_dir = os.path.join(cache, 'debs')
    os.makedirs(debs_dir, exist_ok=True)
    roots = {}
    for package in sorted(versions):
        root = os.path.join(cache, 'extract', package)
        unpack(download(package, versions[package], debs_dir), root)
        roots[package] = root
    return roots


def check_photos(manifest, roots):
    """Every listed file's sha256 against the manifest; all mismatches in one error."""
    wrong = []
    for photo in manifest['photos']:
        src = os.path.join(roots[photo['package']], photo['path'])
        if not os.path.isfile(src):
            wrong.append(f'  {photo["package"]}={manifest["packages"][photo["package"]]}: /{photo["path"]} is missing')
            continue
        actual = sha256_of(src)
        if actual != photo['sha256']:
            wrong.append(f'  /{photo["path"]} in {photo["package"]}={manifest["packages"][photo["package"]]}: '
                         f'sha256 {actual}, manifest {photo["sha256"]}')
    if wrong:
        raise FetchError(f'{len(wrong)} of {len(manifest["photos"])} photographs are not the pinned ones:\n'
                         + '\n'.join(wrong) + '\nThe training set would change. Delete the cache '
                         '(training/.cache/debs, training/.cache/extract) if it may be damaged; if the packages '
                         'really changed, run fetch_photos.py --pin and review the diff.')


def pin(manifest, cache, path):
    """Rewrites the manifest with the candidate versions and the sha256s found in them."""
    versions = {package: candidate_version(package) for package in manifest['packages']}
    roots = fetch_debs(cache, versions)
    for photo in manifest['photos']:
        photo['sha256'] = sha256_of(os.path.join(roots[photo['package']], photo['path']))
    manifest['packages'] = versions
    with open(path, 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    print(f'fetch: pinned {versions} and {len(manifest["photos"])} sha256s in {path}')


def parse_dep5(text):
    """Paragraphs of a machine-readable Debian copyright file as dicts (continuations joined)."""
    paras = []
    for block in re.split(r'\n\s*\n', text):
        fields, key = {}, None
        for line in block.splitlines():
            if line[:1] in (' ', '\t') and key:
                fields[key] += '\n' + line.strip()
            elif ':' in line:
                key, val = line.split(':', 1)
                fields[key.strip()] = val.strip()
        if fields:
            paras.append(fields)
    return paras


def licence_for(copyright_text, path):
    """(copyright, licence) of the last Files paragraph that matches the path (DEP-5 rule)."""
    parts = path.split('/')
    suffixes = ['/'.join(parts[i:]) for i in range(len(parts))]
    best = None
    for para in parse_dep5(copyright_text):
        if 'Files' not in para:
            continue
        for pattern in para['Files'].split():
            # Patterns name paths of the source tree, which the package may install elsewhere:
            # a literal pattern with a directory also matches on its file name alone.
            if (any(fnmatch.fnmatchcase(s, pattern) for s in suffixes)
                    or ('/' in pattern and not re.search(r'[*?\[]', pattern)
                        and parts[-1] == pattern.rsplit('/', 1)[1])):
                best = (para.get('Copyright', '').replace('\n', '; '),
                        para.get('License', '').split('\n')[0])
    return best or ('', '')


def skimage_note(root, name):
    """The licence note in scikit-image's own docstring for a sample image."""
    src = open(os.path.join(root, SKIMAGE_DATA, '_fetchers.py')).read()
    call = re.search(r'_load\("data/' + re.escape(name) + r'"\)', src)
    if not call:
        return ''
    doc = src[:call.start()].rsplit('def ', 1)[1]
    doc = re.sub(r'`([^<`]*)<[^>]*>`_*', r'\1', ' '.join(doc.replace('-----', ' ').split()))
    notes = [sentence.replace("Notes ", "").strip() for sentence in re.split(r'(?<=\.)\s+', doc)
             if re.search(r"copyright|public domain|CC0", sentence, re.I) and "::" not in sentence]
    return ' '.join(notes).replace(' .', '.')


def shrink_to_png(src, dst, unchanged):
    """Writes the photo as PNG, at most MAX_SIDE on the longer side; returns its original (width, height)."""
    img = cv2.imread(src, cv2.IMREAD_COLOR)
    if img is None:
        raise FetchError(f'cannot read {src}')
    height, width = img.shape[:2]
    if not unchanged or not os.path.exists(dst):
        scale = min(1.0, MAX_SIDE / max(height, width))
        if scale < 1:
            img = cv2.resize(img, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        cv2.imwrite(dst, img)
    return width, height


def previous_sha256(photos_dir):
    """{photo id: sha256 of its source} from the last run's photos.json, to redo PNGs whose source changed."""
    path = os.path.join(photos_dir, 'photos.json')
    if not os.path.exists(path):
        return {}
    return {entry['id']: entry.get('sha256') for entry in common.load_json(path)}


def export_photos(manifest, roots, photos_dir):
    """(photos.json entries, PHOTOS.md rows) for every photograph of the manifest."""
    os.makedirs(photos_dir, exist_ok=True)
    before = previous_sha256(photos_dir)
    entries, rows = [], []
    for photo in manifest['photos']:
        package, path, root = photo['package'], photo['path'], roots[photo['package']]
        version = manifest['packages'][package]
        pid = photo_id(path)
        dst = os.path.join(photos_dir, pid + '.png')
        width, height = shrink_to_png(os.path.join(root, path), dst, before.get(pid) == photo['sha256'])
        doc = glob.glob(os.path.join(root, 'usr/share/doc/*/copyright'))[0]
        with open(doc, encoding='utf-8') as f:
            holder, licence = licence_for(f.read(), path)
        note = skimage_note(root, os.path.basename(path)) if package == 'python3-skimage' else ''
        split = 'eval' if pid in HELD_OUT else 'train'
        entries.append(dict(id=pid, file=dst, package=package, version=version, path='/' + path,
                            width=width, height=height, split=split, sha256=photo['sha256']))
        rows.append(f"| `{pid}` | {split} | `{package}` {version} | `/{path}` | {width}×{height} | "
                    f"{holder} | {licence}{' — ' + note if note else ''} |")
    return entries, rows


def write_table(path, entries, rows):
    n_eval = sum(entry['split'] == 'eval' for entry in entries)
    with open(path, 'w') as f:
        f.write('# Training photographs: provenance and licences\n\n'
                'Generated by `training/fetch_photos.py` from the Debian packages\' copyright files '
                '(`/usr/share/doc/<package>/copyright`, the paragraph whose `Files:` pattern matches) '
                'and, for scikit-image\'s sample data, the licence note in `skimage/data/_fetchers.py`. '
                'The photos are not committed: the fetch step downloads the package versions pinned in '
                '`training/photo_manifest.json` with `apt-get download` and unpacks them with `dpkg -x` into '
                '`training/.cache/`, and checks each photograph against the sha256 the manifest records. '
                'Only real photographs are used; the packages\' drawings and abstract renders are not.\n\n'
                f'{len(entries)} photographs, {n_eval} held out whole for evaluation (`eval`), '
                f'{len(entries) - n_eval} for training. The trained weights are derived from the '
                '`train` photographs; the licences below (CC-BY, CC-BY-SA, GPL-2+, CC0, public domain) '
                'ask for attribution, which this table gives.\n\n'
                '| id | split | package | path in package | size | copyright | licence |\n'
                '|---|---|---|---|---|---|---|\n')
        f.write('\n'.join(rows) + '\n')
    return n_eval


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cache', default=common.CACHE)
    ap.add_argument('--table', default=os.path.join(common.HERE, 'PHOTOS.md'))
    ap.add_argument('--manifest', default=MANIFEST)
    ap.add_argument('--pin', action='store_true', help='pin the versions apt offers now (rewrites --manifest)')
    args = ap.parse_args()
    try:
        manifest = load_manifest(args.manifest)
        if args.pin:
            pin(manifest, args.cache, args.manifest)
            return
        roots = fetch_debs(args.cache, manifest['packages'])
        check_photos(manifest, roots)
        photos_dir = os.path.join(args.cache, 'photos')
        entries, rows = export_photos(manifest, roots, photos_dir)
    except FetchError as err:
        raise SystemExit(f"fetch: {err}")
    with open(os.path.join(photos_dir, 'photos.json'), 'w') as f:
        json.dump(entries, f, indent=1)
    n_eval = write_table(args.table, entries, rows)
    print(f'fetch: {len(entries)} photos ({n_eval} held out), sha256 as pinned, in {photos_dir}; table {args.table}')


if __name__ == '__main__':
    main()
