//! A real client that nobody here wrote — the `oci-client` crate — pushes and pulls
//! images, an image index, tags and referrers against `registryctl serve`.

mod common;

use common::*;
use oci_client::client::{ClientConfig, ClientProtocol, Config, ImageLayer};
use oci_client::manifest::{
    ImageIndexEntry, OciDescriptor, OciImageIndex, OciImageManifest, OciManifest, Platform,
    IMAGE_LAYER_MEDIA_TYPE, OCI_IMAGE_MEDIA_TYPE,
};
use oci_client::secrets::RegistryAuth;
use oci_client::{Client, Reference};

fn client() -> Client {
    Client::new(ClientConfig {
        protocol: ClientProtocol::Http,
        ..Default::default()
    })
}

fn reference(s: &TestServer, rest: &str) -> Reference {
    format!("{}/{rest}", s.addr).parse().expect("reference")
}

fn image(n: u8) -> (Vec<ImageLayer>, Config) {
    let layers = vec![
        ImageLayer::new(vec![n; 4096], IMAGE_LAYER_MEDIA_TYPE.to_string(), None),
        ImageLayer::new(
            vec![n.wrapping_add(1); 100_000],
            IMAGE_LAYER_MEDIA_TYPE.to_string(),
            None,
        ),
    ];
    let config = Config::oci_v1(
        format!(r#"{{"architecture":"amd64","os":"linux","n":{n}}}"#).into_bytes(),
        None,
    );
    (layers, config)
}

async fn push_and_pull_an_image_and_list_tags() {
    let s = TestServer::start().await;
    let c = client();
    let auth = RegistryAuth::Anonymous;
    let (layers, config) = image(1);
    for tag in ["v1", "latest"] {
        let r = reference(&s, &format!("acme/app:{tag}"));
        c.push(&r, &layers, config.clone(), &auth, None)
            .await
            .expect("push");
    }
    let pulled = c
        .pull(
            &reference(&s, "acme/app:v1"),
            &auth,
            vec![IMAGE_LAYER_MEDIA_TYPE],
        )
        .await
        .expect("pull");
    assert_eq!(pulled.layers.len(), 2);
    // The client may return layers in completion order: compare digests as sets.
    let mut got: Vec<_> = pulled.layers.iter().map(|l| digest(&l.data)).collect();
    let mut want: Vec<_> = layers.iter().map(|l| digest(&l.data)).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(digest(&pulled.config.data), digest(&config.data));
    let tags = c
        .list_tags(&reference(&s, "acme/app"), &auth, None, None)
        .await
        .expect("tags");
    assert_eq!(tags.tags, vec!["latest".to_string(), "v1".to_string()]);
    let page = c
        .list_tags(&reference(&s, "acme/app"), &auth, Some(1), None)
        .await
        .expect("tags page");
    assert_eq!(page.tags, vec!["latest".to_string()]);
}

async fn push_and_pull_a_multi_platform_index() {
    let s = TestServer::start().await;
    let c = client();
    let auth = RegistryAuth::Anonymous;
    let mut entries = Vec::new();
    for (n, arch) in [(10u8, "amd64"), (20u8, "arm64")] {
        let (layers, config) = image(n);
        let r = reference(&s, &format!("acme/multi:{arch}"));
        c.push(&r, &layers, config, &auth, None)
            .await
            .expect("push child");
        let (raw, digest) = c
            .pull_manifest_raw(&r, &auth, &[OCI_IMAGE_MEDIA_TYPE])
            .await
            .expect("raw");
        let platform: Platform =
            serde_json::from_value(serde_json::json!({"architecture": arch, "os": "linux"}))
                .expect("platform");
        entries.push(ImageIndexEntry {
            media_type: OCI_IMAGE_MEDIA_TYPE.to_string(),
            digest,
            size: raw.len() as i64,
            platform: Some(platform),
            annotations: None,
            artifact_type: None,
        });
    }
    let index = OciImageIndex {
        schema_version: 2,
        media_type: Some("application/vnd.oci.image.index.v1+json".to_string()),
        manifests: entries.clone(),
        artifact_type: None,
        annotations: None,
    };
    let multi = reference(&s, "acme/multi:latest");
    c.push_manifest_list(&multi, &auth, index)
        .await
        .expect("push index");
    let (m, _digest) = c.pull_manifest(&multi, &auth).await.expect("pull index");
    let OciManifest::ImageIndex(got) = m else {
        panic!("expected an index, got {m:?}");
    };
    let digests: Vec<_> = got.manifests.iter().map(|e| e.digest.clone()).collect();
    assert_eq!(
        digests,
        entries.iter().map(|e| e.digest.clone()).collect::<Vec<_>>()
    );
    // Pulling the index resolves this machine's platform (linux/amd64 here) to a child.
    if cfg!(target_arch = "x86_64") {
        let pulled = c
            .pull(&multi, &auth, vec![IMAGE_LAYER_MEDIA_TYPE])
            .await
            .expect("pull via index");
        let small = digest(&[10u8; 4096]);
        assert!(pulled.layers.iter().any(|l| digest(&l.data) == small));
    }
}

async fn referrers_through_the_client() {
    let s = TestServer::start().await;
    let c = client();
    let auth = RegistryAuth::Anonymous;
    let (layers, config) = image(3);
    let subject_ref = reference(&s, "acme/app:v1");
    c.push(&subject_ref, &layers, config, &auth, None)
        .await
        .expect("push subject");
    let (raw, subject_digest) = c
        .pull_manifest_raw(&subject_ref, &auth, &[OCI_IMAGE_MEDIA_TYPE])
        .await
        .expect("subject");

    // An SBOM-like artifact whose subject is the image.
    let sbom = ImageLayer::new(
        b"{\"sbom\":true}".to_vec(),
        "application/json".to_string(),
        None,
    );
    let empty = Config::new(
        b"{}".to_vec(),
        "application/vnd.oci.empty.v1+json".to_string(),
        None,
    );
    let mut manifest = OciImageManifest::build(std::slice::from_ref(&sbom), &empty, None);
    manifest.artifact_type = Some("application/vnd.example.sbom.v1".to_string());
    manifest.subject = Some(OciDescriptor {
        media_type: OCI_IMAGE_MEDIA_TYPE.to_string(),
        digest: subject_digest.clone(),
        size: raw.len() as i64,
        urls: None,
        annotations: None,
        artifact_type: None,
    });
    let artifact_ref = reference(&s, "acme/app:sbom");
    c.push(&artifact_ref, &[sbom], empty, &auth, Some(manifest))
        .await
        .expect("push referrer");

    let by_digest = reference(&s, &format!("acme/app@{subject_digest}"));
    let list = c.pull_referrers(&by_digest, None).await.expect("referrers");
    assert_eq!(list.manifests.len(), 1);
    assert_eq!(
        list.manifests[0].artifact_type.as_deref(),
        Some("application/vnd.example.sbom.v1")
    );
    let filtered = c
        .pull_referrers(&by_digest, Some("application/vnd.example.other"))
        .await
        .expect("filtered");
    assert!(filtered.manifests.is_empty());
}

on_every_backend!((flavor = "multi_thread", worker_threads = 2)
    push_and_pull_an_image_and_list_tags,
    push_and_pull_a_multi_platform_index,
    referrers_through_the_client,
);
