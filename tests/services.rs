//! The service layer is a real seam: a wrapper around the store's services, given
//! to the server, sees every blob and manifest request of the HTTP API, and the tag
//! policy (itself such a wrapper) keeps working underneath it.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::*;
use registryctl::oci::{Descriptor, Manifest};
use registryctl::server::App;
use registryctl::service::{BlobService, DeleteError, ManifestService, Services, StoreServices};
use registryctl::storage::{
    self, ManifestInfo, ObjectReader, PutManifestError, TagUpdate, UploadError, UploadId,
    UploadWriter,
};

/// Counts blob opens and manifest puts, passing everything through.
struct Counting {
    inner_blobs: Arc<dyn BlobService>,
    inner_manifests: Arc<dyn ManifestService>,
    opens: AtomicUsize,
    puts: AtomicUsize,
}

impl BlobService for Counting {
    fn size(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<u64>> {
        self.inner_blobs.size(repo, d)
    }
    fn size_for_reuse(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<u64>> {
        self.inner_blobs.size_for_reuse(repo, d)
    }
    fn open(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(Box<dyn ObjectReader>, u64)>> {
        self.opens.fetch_add(1, Ordering::Relaxed);
        self.inner_blobs.open(repo, d)
    }
    fn direct_url(&self, r: &RepoName, d: &Digest, t: Duration) -> storage::Result<Option<String>> {
        self.inner_blobs.direct_url(r, d, t)
    }
    fn unlink(&self, repo: &RepoName, d: &Digest) -> storage::Result<bool> {
        self.inner_blobs.unlink(repo, d)
    }
    fn mount(&self, to: &RepoName, from: &RepoName, d: &Digest) -> storage::Result<bool> {
        self.inner_blobs.mount(to, from, d)
    }
    fn start_upload(&self, repo: &RepoName, owner: Option<&str>) -> storage::Result<UploadId> {
        self.inner_blobs.start_upload(repo, owner)
    }
    fn upload_offset(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> storage::Result<Option<u64>> {
        self.inner_blobs.upload_offset(repo, id, owner)
    }
    fn upload_writer(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadWriter, UploadError> {
        self.inner_blobs.upload_writer(repo, id, owner)
    }
    fn checkpoint_upload(&self, w: UploadWriter) -> Result<u64, UploadError> {
        self.inner_blobs.checkpoint_upload(w)
    }
    fn finish_upload(&self, w: UploadWriter, expected: &Digest) -> Result<u64, UploadError> {
        self.inner_blobs.finish_upload(w, expected)
    }
    fn record_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> Result<UploadId, UploadError> {
        self.inner_blobs.record_upload(repo, id, owner)
    }
    fn cancel_upload(
        &self,
        repo: &RepoName,
        id: &UploadId,
        owner: Option<&str>,
    ) -> storage::Result<bool> {
        self.inner_blobs.cancel_upload(repo, id, owner)
    }
}

impl ManifestService for Counting {
    fn info(&self, repo: &RepoName, d: &Digest) -> storage::Result<Option<ManifestInfo>> {
        self.inner_manifests.info(repo, d)
    }
    fn read(
        &self,
        repo: &RepoName,
        d: &Digest,
    ) -> storage::Result<Option<(ManifestInfo, Vec<u8>)>> {
        self.inner_manifests.read(repo, d)
    }
    fn put(
        &self,
        repo: &RepoName,
        digest: &Digest,
        body: &[u8],
        m: &Manifest,
        tag: Option<&Tag>,
        update: TagUpdate,
    ) -> Result<(), PutManifestError> {
        self.puts.fetch_add(1, Ordering::Relaxed);
        self.inner_manifests.put(repo, digest, body, m, tag, update)
    }
    fn delete(&self, repo: &RepoName, d: &Digest) -> Result<bool, DeleteError> {
        self.inner_manifests.delete(repo, d)
    }
    fn referrers(&self, repo: &RepoName, s: &Digest) -> storage::Result<Vec<Descriptor>> {
        self.inner_manifests.referrers(repo, s)
    }
}

#[tokio::test]
async fn a_wrapped_service_sees_every_request_and_the_policy_still_holds() {
    let dir = new_store();
    let store = registryctl::storage::Store::open_or_create(dir.path()).unwrap();
    let policed = Services::over(&store);
    let counting = Arc::new(Counting {
        inner_blobs: Arc::new(StoreServices::new(store.clone())),
        inner_manifests: policed.manifests.clone(),
        opens: AtomicUsize::new(0),
        puts: AtomicUsize::new(0),
    });
    let services = Services {
        blobs: counting.clone(),
        manifests: counting.clone(),
        tags: policed.tags.clone(),
        pulls: policed.pulls.clone(),
    };
    let app = App::with_services(store.clone(), services, Default::default());
    let s = TestServer::start_app(store, dir, app).await;
    let layer = b"a layer".to_vec();
    push_image(&s, "acme/app", "v1", b"config", &[&layer]).await;
    assert_blob_body(&s, "acme/app", &digest(&layer), &layer).await;
    assert_eq!(counting.puts.load(Ordering::Relaxed), 1);
    assert_eq!(counting.opens.load(Ordering::Relaxed), 1);

    // The tag policy is a wrapper underneath: an immutable tag does not move.
    cli_ok(s.root(), &["immutable", "add", "acme/**:v*"]);
    let m = image_manifest(b"config", &[b"another layer"]);
    push_blob(&s, "acme/app", b"another layer").await;
    let r = put_manifest(
        &s,
        "acme/app",
        "v1",
        "application/vnd.oci.image.manifest.v1+json",
        &m,
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(counting.puts.load(Ordering::Relaxed), 2);
    let r = delete(&s, "/v2/acme/app/manifests/v1").await;
    assert_eq!(r.status(), 403);
}
