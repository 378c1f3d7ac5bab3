#!/usr/bin/env python3
"""Fetches the pristine photographs that iqmon trains on, from Debian packages, without installing them.

  fetch_photos.py [--cache DIR] [--table PHOTOS.md]

`apt-get download` fetches the .deb files into the cache, `dpkg -x` unpacks them there, and the
photographs listed in PHOTOS below are copied out (shrunk to at most 1600 px on the longer side with
INTER_AREA, saved as PNG so nothing is re-compressed) as <cache>/photos/<id>.png. The packages also
ship drawings and abstract renders; only the real photographs are listed. The provenance and licence
table is generated from each package's Debian copyright file (and, for scikit-image's sample data,
from the notes in skimage/data/_fetchers.py) and written to --table.
"""
import argparse
import fnmatch
import glob
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
SK = 'usr/lib/python3/dist-packages/skimage/data/'
PW = 'usr/share/wallpapers/'

# (package, path inside the package). Real photographs only; drawings, renders and the
# near-duplicate stereo pair of scikit-image are left out.
PHOTOS = [
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/Dragonfly_by_Bolly.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/Picture_0B_by_freespace.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/Picture_1A_by_freespace.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/Wine_by_Jakkub_Mede.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/aitzgorri_by_Aitzol_Berasategi.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/free_by_Peter_Nerlich.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/friends_by_Aitzol_Berasategi.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/greentock_by_Peter_Nerlich.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/life_by_Aitzol_Berasategi.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/picosdeeuropa_by_Aitzol_Berasategi.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg'),
    ('lomiri-wallpapers-16.04', 'usr/share/backgrounds/sunset_by_Aitzol_Berasategi.jpg'),
    ('lomiri-wallpapers-20.04', 'usr/share/backgrounds/Kleiber_by_Lukas_Baubkus.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/Aqua.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/Blinds.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/Dune.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/FreshFlower.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/Garden.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/GreenMeadow.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/LadyBird.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/RainDrops.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/Storm.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/TwoWings.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/Wood.jpg'),
    ('mate-backgrounds', 'usr/share/backgrounds/mate/nature/YellowFlower.jpg'),
    ('plasma-workspace-wallpapers', PW + 'BytheWater/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'ColdRipple/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'ColorfulCups/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'DarkestHour/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'EveningGlow/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'FallenLeaf/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'Grey/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'Kite/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'OneStandsOut/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'Path/contents/images/2560x1600.jpg'),
    ('plasma-workspace-wallpapers', PW + 'summer_1am/contents/images/2560x1600.jpg'),
    ('python3-skimage', SK + 'astronaut.png'),
    ('python3-skimage', SK + 'camera.png'),
    ('python3-skimage', SK + 'chelsea.png'),
    ('python3-skimage', SK + 'coffee.png'),
    ('python3-skimage', SK + 'rocket.jpg'),
]

# Whole photographs held out for evaluation (10 of 42, about 24 %, spread over the packages).
HELD_OUT = {'Dragonfly_by_Bolly', 'friends_by_Aitzol_Berasategi', 'sunset_by_Aitzol_Berasategi',
            'Garden', 'RainDrops', 'Wood', 'EveningGlow', 'Path', 'chelsea', 'coffee'}


def photo_id(path):
    if '/wallpapers/' in path:
        return path.split('/wallpapers/')[1].split('/')[0]
    return os.path.splitext(os.path.basename(path))[0]


def run(cmd, cwd=None):
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def fetch_debs(cache):
    debs = os.path.join(cache, 'debs')
    os.makedirs(debs, exist_ok=True)
    out = {}
    for pkg in sorted({p for p, _ in PHOTOS}):
        found = glob.glob(os.path.join(debs, pkg + '_*.deb'))
        if not found:
            print(f'fetch: apt-get download {pkg}', flush=True)
            run(['apt-get', 'download', pkg], cwd=debs)
            found = glob.glob(os.path.join(debs, pkg + '_*.deb'))
        if len(found) != 1:
            raise SystemExit(f'expected one {pkg} .deb in {debs}, found {found}')
        deb = found[0]
        version = os.path.basename(deb)[len(pkg) + 1:].rsplit('_', 1)[0].replace('%3a', ':')
        root = os.path.join(cache, 'extract', pkg)
        stamp = os.path.join(root, '.extracted-' + os.path.basename(deb))
        if not os.path.exists(stamp):
            shutil.rmtree(root, ignore_errors=True)
            os.makedirs(root)
            run(['dpkg', '-x', deb, root])
            open(stamp, 'w').close()
        out[pkg] = dict(root=root, version=version)
    return out


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
    src = open(os.path.join(root, SK, '_fetchers.py')).read()
    m = re.search(r'_load\("data/' + re.escape(name) + r'"\)', src)
    if not m:
        return ''
    doc = src[:m.start()].rsplit('def ', 1)[1]
    doc = re.sub(r'`([^<`]*)<[^>]*>`_*', r'\1', ' '.join(doc.replace('-----', ' ').split()))
    notes = [s.replace('Notes ', '').strip() for s in re.split(r'(?<=\.)\s+', doc)
             if re.search(r'copyright|public domain|CC0', s, re.I) and '::' not in s]
    return ' '.join(notes).replace(' .', '.')


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--cache', default=common.CACHE)
    ap.add_argument('--table', default=os.path.join(common.HERE, 'PHOTOS.md'))
    a = ap.parse_args()
    pkgs = fetch_debs(a.cache)
    photos_dir = os.path.join(a.cache, 'photos')
    os.makedirs(photos_dir, exist_ok=True)
    rows, manifest = [], []
    for pkg, path in PHOTOS:
        root = pkgs[pkg]['root']
        src = os.path.join(root, path)
        pid = photo_id(path)
        dst = os.path.join(photos_dir, pid + '.png')
        img = cv2.imread(src, cv2.IMREAD_COLOR)
        if img is None:
            raise SystemExit(f'cannot read {src}')
        h, w = img.shape[:2]
        if not os.path.exists(dst):
            k = min(1.0, MAX_SIDE / max(h, w))
            small = cv2.resize(img, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA) if k < 1 else img
            cv2.imwrite(dst, small)
        doc = glob.glob(os.path.join(root, 'usr/share/doc/*/copyright'))[0]
        holder, licence = licence_for(open(doc, encoding='utf-8').read(), path)
        note = skimage_note(root, os.path.basename(path)) if pkg == 'python3-skimage' else ''
        split = 'eval' if pid in HELD_OUT else 'train'
        manifest.append(dict(id=pid, file=dst, package=pkg, version=pkgs[pkg]['version'],
                             path='/' + path, width=w, height=h, split=split))
        rows.append(f"| `{pid}` | {split} | `{pkg}` {pkgs[pkg]['version']} | `/{path}` | {w}×{h} | "
                    f"{holder} | {licence}{' — ' + note if note else ''} |")
    with open(os.path.join(photos_dir, 'photos.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
    n_eval = sum(m['split'] == 'eval' for m in manifest)
    with open(a.table, 'w') as f:
        f.write('# Training photographs: provenance and licences\n\n'
                'Generated by `training/fetch_photos.py` from the Debian packages\' copyright files '
                '(`/usr/share/doc/<package>/copyright`, the paragraph whose `Files:` pattern matches) '
                'and, for scikit-image\'s sample data, the licence note in `skimage/data/_fetchers.py`. '
                'The photos are not committed: the fetch step downloads the packages with '
                '`apt-get download` and unpacks them with `dpkg -x` into `training/.cache/`. '
                'Only real photographs are used; the packages\' drawings and abstract renders are not.\n\n'
                f'{len(manifest)} photographs, {n_eval} held out whole for evaluation (`eval`), '
                f'{len(manifest) - n_eval} for training. The trained weights are derived from the '
                '`train` photographs; the licences below (CC-BY, CC-BY-SA, GPL-2+, CC0, public domain) '
                'ask for attribution, which this table gives.\n\n'
                '| id | split | package | path in package | size | copyright | licence |\n'
                '|---|---|---|---|---|---|---|\n')
        f.write('\n'.join(rows) + '\n')
    print(f'fetch: {len(manifest)} photos ({n_eval} held out) in {photos_dir}; table {a.table}')


if __name__ == '__main__':
    main()
