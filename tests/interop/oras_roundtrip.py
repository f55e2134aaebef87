#!/usr/bin/env python3
"""oras-py (the ORAS Python SDK) against registryctl: artifacts, a referrer, pulls.

Called by tests/interop.rs as

    oras_roundtrip.py HOST:PORT REPO SUBJECT_DIGEST SUBJECT_SIZE WORKDIR

where REPO:SUBJECT_DIGEST is an image manifest already in the registry. Pushes

  * an artifact with an artifactType, tagged `sbom-v1` (no subject);
  * a signature referrer (artifactType SIG_TYPE) whose subject is the image;
  * an SBOM referrer (artifactType SBOM_TYPE) whose subject is the image,

pulls the artifact and the signature back with the SDK, compares every digest, lists
the referrers through GET /v2/REPO/referrers/SUBJECT (unfiltered and filtered by
artifactType) and prints one JSON summary line on stdout for the Rust side.
Exits non-zero, with the reason on stderr, on any mismatch.

oras-py 0.2's `push()` cannot set `artifactType`, so manifests are built here and sent
with the SDK's own `upload_blob` / `upload_manifest`, which is how the SDK pushes too.
"""

import hashlib
import json
import os
import sys

import oras.provider

SBOM_TYPE = "application/vnd.example.sbom.v1+json"
SIG_TYPE = "application/vnd.example.signature.v1"
EMPTY_TYPE = "application/vnd.oci.empty.v1+json"
MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json"
INDEX_TYPE = "application/vnd.oci.image.index.v1+json"


def fail(msg):
    print(f"oras_roundtrip: {msg}", file=sys.stderr)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)
    return path


class Roundtrip:
    def __init__(self, addr, repo, workdir):
        self.addr = addr
        self.repo = repo
        self.workdir = workdir
        # insecure=True: plain HTTP to the loopback registry.
        self.reg = oras.provider.Registry(hostname=addr, insecure=True)

    def ref(self, reference):
        sep = "@" if reference.startswith("sha256:") else ":"
        return f"{self.addr}/{self.repo}{sep}{reference}"

    def blob(self, name, data, media_type, title=None, chunk_size=None):
        """Uploads a blob with the SDK (chunked: POST, PATCH with Content-Range per
        chunk, PUT, when chunk_size is given); returns its descriptor."""
        path = write(os.path.join(self.workdir, name), data)
        desc = {"mediaType": media_type, "digest": sha256(data), "size": len(data)}
        if title:
            desc["annotations"] = {"org.opencontainers.image.title": title}
        container = self.reg.get_container(self.ref("x"))
        if chunk_size:
            r = self.reg.upload_blob(path, container, desc, do_chunked=True, chunk_size=chunk_size)
        else:
            r = self.reg.upload_blob(path, container, desc)
        check(r.status_code in (200, 201), f"upload_blob {name}: HTTP {r.status_code} {r.text}")
        return desc

    def manifest(self, reference, manifest):
        """Uploads a manifest with the SDK under a tag or its own digest; returns its
        descriptor, checked against the bytes the registry serves back."""
        # requests serialises `json=` with json.dumps' defaults; the digest is over
        # exactly those bytes.
        body = json.dumps(manifest, allow_nan=False).encode()
        digest = sha256(body)
        reference = reference or digest
        r = self.reg.upload_manifest(manifest, self.reg.get_container(self.ref(reference)))
        check(r.status_code == 201, f"upload_manifest {reference}: HTTP {r.status_code} {r.text}")
        got = r.headers.get("Docker-Content-Digest")
        check(got == digest, f"upload_manifest {reference}: Docker-Content-Digest {got}, expected {digest}")
        served = self.raw_manifest(digest)
        check(sha256(served) == digest, f"manifest {digest} served with another digest")
        return {"mediaType": MANIFEST_TYPE, "digest": digest, "size": len(body)}

    def raw_manifest(self, reference):
        r = self.reg.do_request(
            f"http://{self.addr}/v2/{self.repo}/manifests/{reference}",
            "GET",
            headers={"Accept": f"{MANIFEST_TYPE}, {INDEX_TYPE}"},
        )
        check(r.status_code == 200, f"GET manifest {reference}: HTTP {r.status_code}")
        return r.content

    def referrers(self, subject, artifact_type=None):
        url = f"http://{self.addr}/v2/{self.repo}/referrers/{subject}"
        if artifact_type:
            url += f"?artifactType={artifact_type}"
        r = self.reg.do_request(url, "GET")
        check(r.status_code == 200, f"GET {url}: HTTP {r.status_code} {r.text}")
        ctype = r.headers.get("Content-Type", "")
        check(ctype.startswith(INDEX_TYPE), f"referrers Content-Type {ctype!r}")
        index = r.json()
        check(index.get("mediaType") == INDEX_TYPE, f"referrers body mediaType {index.get('mediaType')!r}")
        check(index.get("schemaVersion") == 2, "referrers schemaVersion")
        return index, r.headers

    def pull(self, reference, expected):
        """Pulls with the SDK; checks each file against the bytes pushed."""
        outdir = os.path.join(self.workdir, "pull-" + reference.replace(":", "-"))
        files = self.reg.pull(target=self.ref(reference), outdir=outdir)
        names = sorted(os.path.basename(f) for f in files)
        check(names == sorted(expected), f"pull {reference}: files {names}, expected {sorted(expected)}")
        for f in files:
            with open(f, "rb") as fh:
                data = fh.read()
            want = expected[os.path.basename(f)]
            check(sha256(data) == sha256(want), f"pull {reference}: {f} differs from what was pushed")


def main():
    if len(sys.argv) != 6:
        fail(f"usage: {sys.argv[0]} HOST:PORT REPO SUBJECT_DIGEST SUBJECT_SIZE WORKDIR")
    addr, repo, subject_digest, subject_size, workdir = sys.argv[1:]
    rt = Roundtrip(addr, repo, workdir)
    subject = {"mediaType": MANIFEST_TYPE, "digest": subject_digest, "size": int(subject_size)}
    check(sha256(rt.raw_manifest(subject_digest)) == subject_digest, "subject image not in the registry")

    empty = rt.blob("empty.json", b"{}", EMPTY_TYPE)

    # 1. An artifact with an artifactType and no subject, tagged.
    # Big enough for three chunks of the chunked upload below.
    components = [{"type": "file", "name": f"f{i}"} for i in range(80)]
    sbom = json.dumps({"bomFormat": "CycloneDX", "specVersion": "1.5", "components": components}).encode()
    check(len(sbom) > 2048, "the SBOM spans several chunks")
    artifact = rt.manifest(
        "sbom-v1",
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_TYPE,
            "artifactType": SBOM_TYPE,
            "config": empty,
            "layers": [rt.blob("sbom.json", sbom, SBOM_TYPE, title="sbom.json", chunk_size=1024)],
            "annotations": {"org.opencontainers.image.created": "2026-01-01T00:00:00Z"},
        },
    )

    # 2. Two referrers of the image: a signature and an SBOM, pushed by digest.
    sig = b"not really a signature\n"
    signature = rt.manifest(
        None,
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_TYPE,
            "artifactType": SIG_TYPE,
            "config": empty,
            "layers": [rt.blob("sig.bin", sig, "application/octet-stream", title="sig.bin")],
            "subject": subject,
            "annotations": {"org.example.signed-by": "interop"},
        },
    )
    sbom_ref = rt.manifest(
        None,
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_TYPE,
            "artifactType": SBOM_TYPE,
            "config": empty,
            "layers": [rt.blob("sbom.json", sbom, SBOM_TYPE, title="sbom.json")],
            "subject": subject,
        },
    )

    # 3. Pull both back with the SDK: the artifact by tag, the referrer by digest.
    rt.pull("sbom-v1", {"sbom.json": sbom})
    rt.pull(signature["digest"], {"sig.bin": sig})
    got = rt.reg.get_manifest(rt.ref(signature["digest"]))
    check(got.get("artifactType") == SIG_TYPE, f"pulled referrer artifactType {got.get('artifactType')!r}")
    check(got.get("subject") == subject, f"pulled referrer subject {got.get('subject')!r}")
    got = rt.reg.get_manifest(rt.ref("sbom-v1"))
    check(got.get("artifactType") == SBOM_TYPE, f"pulled artifact artifactType {got.get('artifactType')!r}")

    # 4. The referrers API: both referrers, each with its artifactType and annotations.
    index, _ = rt.referrers(subject_digest)
    by_digest = {m["digest"]: m for m in index["manifests"]}
    check(
        set(by_digest) == {signature["digest"], sbom_ref["digest"]},
        f"referrers of the image: {sorted(by_digest)}, expected the signature and the SBOM",
    )
    for desc, atype in ((signature, SIG_TYPE), (sbom_ref, SBOM_TYPE)):
        m = by_digest[desc["digest"]]
        check(m.get("artifactType") == atype, f"referrer {desc['digest']} artifactType {m.get('artifactType')!r}")
        check(m.get("size") == desc["size"], f"referrer {desc['digest']} size {m.get('size')}")
        check(m.get("mediaType") == MANIFEST_TYPE, f"referrer {desc['digest']} mediaType")
    check(
        by_digest[signature["digest"]].get("annotations") == {"org.example.signed-by": "interop"},
        "referrer descriptor lost the manifest's annotations",
    )

    # Filtered by artifactType: only the signature, and the filter is reported.
    index, headers = rt.referrers(subject_digest, SIG_TYPE)
    digests = [m["digest"] for m in index["manifests"]]
    check(digests == [signature["digest"]], f"referrers filtered by {SIG_TYPE}: {digests}")
    check(
        "artifactType" in headers.get("OCI-Filters-Applied", ""),
        f"OCI-Filters-Applied {headers.get('OCI-Filters-Applied')!r}",
    )
    index, _ = rt.referrers(subject_digest, "application/vnd.example.none")
    check(index["manifests"] == [], "a filter matching nothing still lists referrers")
    # The tagged artifact has no subject, so nothing refers to it.
    index, _ = rt.referrers(artifact["digest"])
    check(index["manifests"] == [], "the artifact without referrers lists some")

    print(
        json.dumps(
            {
                "artifact": artifact["digest"],
                "signature": signature["digest"],
                "sbom_referrer": sbom_ref["digest"],
            }
        )
    )


if __name__ == "__main__":
    main()
