//! `/metrics`, `/healthz`, `/readyz` and `--read-only`, on a real server.

mod common;

use std::time::Duration;

use common::{http, push_image, TestServer};
use registryctl::server::Options;

async fn metrics(s: &TestServer) -> String {
    let r = http().get(s.at("/metrics")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "text/plain; version=0.0.4; charset=utf-8"
    );
    r.text().await.unwrap()
}

/// The value of the sample whose name-and-labels is exactly `series`.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

/// Every line is a comment (`# HELP`/`# TYPE`) or `name{labels} value`.
fn assert_exposition_format(text: &str) {
    for l in text.lines() {
        if let Some(c) = l.strip_prefix("# ") {
            assert!(c.starts_with("HELP ") || c.starts_with("TYPE "), "{l}");
            continue;
        }
        let (series, value) = l.rsplit_once(' ').unwrap_or_else(|| panic!("{l}"));
        assert!(value.parse::<f64>().is_ok(), "bad value: {l}");
        let name = series.split('{').next().unwrap();
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "bad name: {l}"
        );
        if let Some(labels) = series.strip_prefix(name) {
            assert!(
                labels.is_empty() || (labels.starts_with('{') && labels.ends_with('}')),
                "{l}"
            );
        }
    }
}

#[tokio::test]
async fn metrics_count_requests_latency_and_bytes() {
    let s = TestServer::start_with(Options {
        usage_interval: Duration::from_millis(50),
        ..Options::default()
    })
    .await;
    let layer = vec![7u8; 100_000];
    push_image(&s, "team/app", "v1", b"{\"config\":1}", &[&layer]).await;
    let d = common::digest(&layer);
    let r = http()
        .get(s.at(&format!("/v2/team/app/blobs/{d}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.bytes().await.unwrap().len(), layer.len());
    let r = http()
        .get(s.at("/v2/team/app/manifests/nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);

    // The access record (and its count) is written when the response body ends, just
    // after the client has read it: wait for the last request's.
    let miss = "registryctl_http_requests_total{route=\"manifest\",method=\"GET\",status=\"404\"}";
    common::eventually(10, || async { sample(&metrics(&s).await, miss).is_some() }).await;
    let t = metrics(&s).await;
    assert_exposition_format(&t);
    let get_blob = "registryctl_http_requests_total{route=\"blob\",method=\"GET\",status=\"200\"}";
    assert_eq!(sample(&t, get_blob), Some(1.0), "{t}");
    let put_manifest =
        "registryctl_http_requests_total{route=\"manifest\",method=\"PUT\",status=\"201\"}";
    assert_eq!(sample(&t, put_manifest), Some(1.0), "{t}");
    assert_eq!(sample(&t, miss), Some(1.0), "{t}");
    let posts =
        "registryctl_http_requests_total{route=\"upload_start\",method=\"POST\",status=\"201\"}";
    assert_eq!(sample(&t, posts), Some(2.0), "{t}");
    // Histogram: buckets, sum and count per route.
    let inf = "registryctl_http_request_duration_seconds_bucket{route=\"blob\",le=\"+Inf\"}";
    assert_eq!(sample(&t, inf), Some(1.0), "{t}");
    assert!(t.contains("# TYPE registryctl_http_request_duration_seconds histogram"));
    assert!(
        sample(
            &t,
            "registryctl_http_request_duration_seconds_sum{route=\"blob\"}"
        )
        .unwrap()
            > 0.0
    );
    // Bytes: the layer went in through an upload and out through the blob GET.
    let bytes_in = sample(
        &t,
        "registryctl_http_request_bytes_total{route=\"upload_start\"}",
    )
    .unwrap();
    assert!(bytes_in >= layer.len() as f64, "{bytes_in}");
    let bytes_out = sample(&t, "registryctl_http_response_bytes_total{route=\"blob\"}").unwrap();
    assert_eq!(bytes_out, layer.len() as f64);
    assert_eq!(sample(&t, "registryctl_uploads_in_flight"), Some(0.0));

    // The store gauges are refreshed in the background.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let t = metrics(&s).await;
        if sample(&t, "registryctl_store_blobs") == Some(3.0) {
            let bytes = sample(&t, "registryctl_store_blob_bytes").unwrap();
            assert!(bytes >= layer.len() as f64);
            assert!(
                sample(&t, "registryctl_store_usage_refreshed_timestamp_seconds").unwrap() > 0.0
            );
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "store gauges not refreshed:\n{t}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn health_and_readiness() {
    let s = TestServer::start().await;
    let r = http().get(s.at("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "ok\n");
    let r = http().get(s.at("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "ready\n");
    // The probe leaves nothing behind.
    let tmp = std::fs::read_dir(s.root().join("tmp")).unwrap().count();
    assert_eq!(tmp, 0);
    // Break the store: the staging directory becomes a file.
    std::fs::remove_dir(s.root().join("tmp")).unwrap();
    std::fs::write(s.root().join("tmp"), b"not a directory").unwrap();
    // The last answer is reused for up to a second (one probe per second at most).
    common::eventually(5, || async {
        http().get(s.at("/readyz")).send().await.unwrap().status() == 503
    })
    .await;
    let r = http().get(s.at("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    assert!(r.text().await.unwrap().starts_with("not ready"));
    let r = http().get(s.at("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn read_only_serves_pulls_and_refuses_changes() {
    // Fill a store, then serve it read-only.
    let s = TestServer::start().await;
    let m = push_image(&s, "lib/x", "v1", b"cfg", &[b"layer"]).await;
    let dir = s.stop().await;
    let ro = TestServer::start_in_with(
        dir,
        Options {
            read_only: true,
            ..Options::default()
        },
    )
    .await;
    let base = ro.url.clone();
    let c = http();
    let r = c
        .get(format!("{base}/v2/lib/x/manifests/v1"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!(
            "{base}/v2/lib/x/blobs/{}",
            common::digest(b"layer")
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = c
        .get(format!("{base}/v2/lib/x/tags/list"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let refusals = [
        c.post(format!("{base}/v2/lib/x/blobs/uploads/")),
        c.put(format!("{base}/v2/lib/x/manifests/v2")).body("{}"),
        c.delete(format!("{base}/v2/lib/x/manifests/{m}")),
        c.delete(format!(
            "{base}/v2/lib/x/blobs/{}",
            common::digest(b"layer")
        )),
        c.patch(format!(
            "{base}/v2/lib/x/blobs/uploads/00000000-0000-0000-0000-000000000000"
        )),
    ];
    for req in refusals {
        let r = req.send().await.unwrap();
        assert_eq!(r.status(), 405);
        let body: serde_json::Value = serde_json::from_slice(&r.bytes().await.unwrap()).unwrap();
        assert_eq!(body["errors"][0]["code"], "UNSUPPORTED");
        assert!(body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("read-only"));
    }
    // Ready without writing: a read-only server may sit on a read-only filesystem.
    let r = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    std::fs::remove_dir(ro.root().join("tmp")).unwrap();
    std::fs::write(ro.root().join("tmp"), b"staging unusable").unwrap();
    let r = c.get(format!("{base}/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    // Nothing changed.
    let r = c
        .get(format!("{base}/v2/lib/x/manifests/{m}"))
        .header("accept", "application/vnd.oci.image.manifest.v1+json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

#[test]
fn metrics_on_a_separate_listener() {
    let mport = common::free_port();
    let maddr = format!("127.0.0.1:{mport}");
    let s = common::BinServer::start(&["--metrics-listen", &maddr], &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        let r = loop {
            match http().get(format!("http://{maddr}/metrics")).send().await {
                Ok(r) => break r,
                Err(e) => {
                    assert!(tokio::time::Instant::now() < deadline, "{e}");
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
            }
        };
        assert_eq!(r.status(), 200);
        assert!(r
            .text()
            .await
            .unwrap()
            .contains("registryctl_http_requests_total"));
        let r = http()
            .get(format!("http://{maddr}/readyz"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        // Not on the API address.
        let r = http()
            .get(format!("http://{}/metrics", s.addr))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 404);
        let r = http()
            .get(format!("http://{}/healthz", s.addr))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
    });
}

#[test]
fn json_access_log_has_one_event_per_request_and_no_credentials() {
    let s = common::BinServer::start(&["--log-format", "json"], &[]);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let r = http()
            .get(format!(
                "http://{}/v2/_catalog?n=5&token=QUERYSECRET",
                s.addr
            ))
            .header("authorization", "Bearer HEADERSECRET")
            .header("cookie", "session=COOKIESECRET")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let _ = r.bytes().await.unwrap();
        let r = http()
            .put(format!("http://{}/v2/x/manifests/v1", s.addr))
            .basic_auth("alice", Some("PASSWORDSECRET"))
            .body("not json")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400);
        let _ = r.bytes().await.unwrap();
    });
    // Both access records are written just after their responses: wait for them.
    rt.block_on(common::eventually(10, || {
        let n = s.log_text().matches("\"target\":\"access\"").count();
        async move { n >= 2 }
    }));
    let log = s.log_text();
    for secret in [
        "QUERYSECRET",
        "HEADERSECRET",
        "COOKIESECRET",
        "PASSWORDSECRET",
        "Basic ",
    ] {
        assert!(
            !log.contains(secret),
            "{secret} leaked into the log:\n{log}"
        );
    }
    let events: Vec<serde_json::Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    let access: Vec<_> = events.iter().filter(|e| e["target"] == "access").collect();
    assert_eq!(access.len(), 2, "{log}");
    let a = access[0];
    assert_eq!(a["method"], "GET");
    assert_eq!(a["path"], "/v2/_catalog");
    assert_eq!(a["status"], 200);
    assert_eq!(a["route"], "catalog");
    assert_eq!(a["user"], "-");
    assert!(a["bytes_out"].as_u64().unwrap() > 0);
    assert!(a["duration_ms"].as_f64().is_some());
    let b = access[1];
    assert_eq!(b["method"], "PUT");
    assert_eq!(b["status"], 400);
    assert_eq!(b["bytes_in"], 8);
}
