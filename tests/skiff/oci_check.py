#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Validate an OCI image layout written by `skiff image` (or any layout).

usage: tests/skiff/oci_check.py DIR [EXPECTED_CMDLINE]

Generic checks (OCI image-spec v1.1: image-layout.md, image-index.md,
manifest.md, descriptor.md): oci-layout, index.json, every descriptor's
digest grammar, and each blob's size and SHA-256 recomputed with hashlib.
Skiff checks (tools/skiff/README-oci.md): the artifact and media types, the
layer titles, the config's fields, the ELF and cpio magic numbers, and the
command line when EXPECTED_CMDLINE is given.

Prints one line per failure and "oci: N passed, N failed"; exits 1 on any
failure, 2 on bad usage. Standard library only.
"""
import hashlib
import json
import os
import re
import sys

MT_INDEX = "application/vnd.oci.image.index.v1+json"
MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
ARTIFACT = "application/vnd.skiff.image.v1"
MT_CONFIG = "application/vnd.skiff.config.v1+json"
MT_KERNEL = "application/vnd.skiff.kernel.v1.elf"
MT_INITRD = "application/vnd.skiff.initrd.v1.cpio"
TITLE = "org.opencontainers.image.title"
REF = "org.opencontainers.image.ref.name"
# annotations.md grammar for ref.name.
REF_RE = re.compile(
    r"[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*"
    r"(?:/[A-Za-z0-9]+(?:(?:[-._:@+]|--)[A-Za-z0-9]+)*)*\Z")
DIGEST_RE = re.compile(r"sha256:[a-f0-9]{64}\Z")


class Checker:
    def __init__(self, root):
        self.root = root
        self.passed = 0
        self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL " + what)
        return ok

    def load_json(self, path, what):
        """Parse strict JSON (UTF-8, no duplicate keys) or record a failure."""
        def no_dups(pairs):
            keys = [k for k, _ in pairs]
            if len(keys) != len(set(keys)):
                raise ValueError("duplicate key in " + what)
            return dict(pairs)
        try:
            with open(path, "rb") as f:
                data = f.read()
            value = json.loads(data.decode("utf-8"), object_pairs_hook=no_dups)
        except (OSError, ValueError) as e:
            self.check(False, "%s: %s" % (what, e))
            return None
        self.check(True, what)
        return value

    def blob(self, desc, what):
        """Check a descriptor and its blob; return the blob's bytes or None."""
        if not self.check(isinstance(desc, dict), what + ": not an object"):
            return None
        mt, dg, size = desc.get("mediaType"), desc.get("digest"), \
            desc.get("size")
        self.check(isinstance(mt, str) and "/" in mt,
                   "%s: mediaType %r" % (what, mt))
        if not self.check(isinstance(dg, str) and DIGEST_RE.match(dg),
                          "%s: digest %r is not sha256:<64 hex>" % (what, dg)):
            return None
        self.check(isinstance(size, int) and not isinstance(size, bool)
                   and size >= 0, "%s: size %r" % (what, size))
        ann = desc.get("annotations", {})
        self.check(isinstance(ann, dict) and all(
            isinstance(k, str) and isinstance(v, str) for k, v in ann.items()),
            "%s: annotations must map strings to strings" % what)
        path = os.path.join(self.root, "blobs", "sha256", dg[7:])
        try:
            with open(path, "rb") as f:
                data = f.read()
        except OSError as e:
            self.check(False, "%s: blob %s: %s" % (what, dg, e))
            return None
        self.check(len(data) == size, "%s: blob %s has %d bytes, descriptor "
                   "says %r" % (what, dg[:19], len(data), size))
        real = "sha256:" + hashlib.sha256(data).hexdigest()
        self.check(real == dg, "%s: blob content hashes to %s, not %s"
                   % (what, real, dg))
        return data


def check_config(c, cfg, layers, expected_cmdline):
    if not c.check(isinstance(cfg, dict), "config: not a JSON object"):
        return
    c.check(cfg.get("boot") in ("pvh", "multiboot"),
            "config: boot %r is not pvh or multiboot" % cfg.get("boot"))
    cmd = cfg.get("cmdline")
    c.check(isinstance(cmd, str), "config: cmdline %r is not a string" % cmd)
    if expected_cmdline is not None:
        c.check(cmd == expected_cmdline, "config: cmdline %r, expected %r"
                % (cmd, expected_cmdline))
    titles = {d.get("annotations", {}).get(TITLE): d.get("mediaType")
              for d in layers if isinstance(d, dict)}
    c.check(titles.get(cfg.get("kernel")) == MT_KERNEL,
            "config: kernel %r names no kernel layer" % cfg.get("kernel"))
    initrd = cfg.get("initrd")
    has_initrd = MT_INITRD in titles.values()
    if initrd is None:
        c.check(not has_initrd, "config: initrd null but a layer is one")
    else:
        c.check(titles.get(initrd) == MT_INITRD,
                "config: initrd %r names no initrd layer" % initrd)


def check_manifest(c, data, expected_cmdline):
    try:
        m = json.loads(data.decode("utf-8"))
    except ValueError as e:
        c.check(False, "manifest: %s" % e)
        return
    c.check(m.get("schemaVersion") == 2, "manifest: schemaVersion %r"
            % m.get("schemaVersion"))
    c.check(m.get("mediaType", MT_MANIFEST) == MT_MANIFEST,
            "manifest: mediaType %r" % m.get("mediaType"))  # SHOULD be set
    c.check(m.get("artifactType") == ARTIFACT, "manifest: artifactType %r"
            % m.get("artifactType"))
    cd = m.get("config")
    cfg_data = c.blob(cd, "manifest config")
    c.check(isinstance(cd, dict) and cd.get("mediaType") == MT_CONFIG,
            "manifest config: mediaType %r" % (cd or {}).get("mediaType"))
    layers = m.get("layers")
    if not c.check(isinstance(layers, list) and 1 <= len(layers) <= 2,
                   "manifest: layers must be a list of 1 or 2"):
        return
    for i, d in enumerate(layers):
        want = MT_KERNEL if i == 0 else MT_INITRD
        what = "layer %d" % i
        b = c.blob(d, what)
        if not isinstance(d, dict):
            continue
        c.check(d.get("mediaType") == want, "%s: mediaType %r, expected %r"
                % (what, d.get("mediaType"), want))
        title = d.get("annotations", {}).get(TITLE)
        c.check(isinstance(title, str) and title and "/" not in title,
                "%s: title annotation %r" % (what, title))
        magic = b"\x7fELF" if i == 0 else b"070701"
        if b is not None:
            c.check(b.startswith(magic), "%s: content does not start with %r"
                    % (what, magic))
    if cfg_data is not None:
        try:
            cfg = json.loads(cfg_data.decode("utf-8"))
        except ValueError as e:
            c.check(False, "config: %s" % e)
            return
        check_config(c, cfg, layers, expected_cmdline)


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: oci_check.py DIR [EXPECTED_CMDLINE]\n")
        return 2
    c = Checker(argv[1])
    expected = argv[2] if len(argv) == 3 else None
    lay = c.load_json(os.path.join(c.root, "oci-layout"), "oci-layout")
    if lay is not None:
        c.check(isinstance(lay, dict) and
                lay.get("imageLayoutVersion") == "1.0.0",
                "oci-layout: imageLayoutVersion is not 1.0.0")
    c.check(os.path.isdir(os.path.join(c.root, "blobs")), "blobs/ missing")
    idx = c.load_json(os.path.join(c.root, "index.json"), "index.json")
    if isinstance(idx, dict):
        c.check(idx.get("schemaVersion") == 2, "index.json: schemaVersion %r"
                % idx.get("schemaVersion"))
        # image-index.md: mediaType SHOULD be used (skopeo leaves it out).
        c.check(idx.get("mediaType", MT_INDEX) == MT_INDEX,
                "index.json: mediaType %r" % idx.get("mediaType"))
        mans = idx.get("manifests")
        if c.check(isinstance(mans, list) and len(mans) >= 1,
                   "index.json: manifests must list at least one"):
            for i, d in enumerate(mans):
                what = "index.json manifests[%d]" % i
                data = c.blob(d, what)
                if not isinstance(d, dict):
                    continue
                c.check(d.get("mediaType") == MT_MANIFEST,
                        "%s: mediaType %r" % (what, d.get("mediaType")))
                ref = d.get("annotations", {}).get(REF)
                c.check(isinstance(ref, str) and REF_RE.match(ref),
                        "%s: ref.name %r" % (what, ref))
                if data is not None:
                    check_manifest(c, data, expected)
    elif idx is not None:
        c.check(False, "index.json: not a JSON object")
    print("oci: %d passed, %d failed" % (c.passed, c.failed))
    return 1 if c.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
