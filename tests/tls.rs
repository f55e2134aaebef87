//! HTTPS end to end with a self-signed certificate made here, and certificate reload
//! on SIGHUP.

mod common;

use std::path::Path;
use std::time::Duration;

/// A self-signed certificate for `localhost`, written as PEM files; returns the
/// certificate PEM (for the client to trust).
fn make_cert(dir: &Path) -> String {
    let ck = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let cert = ck.cert.pem();
    std::fs::write(dir.join("cert.pem"), &cert).unwrap();
    std::fs::write(dir.join("key.pem"), ck.key_pair.serialize_pem()).unwrap();
    cert
}

fn client_trusting(cert_pem: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(cert_pem.as_bytes()).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[test]
fn https_end_to_end_and_reload_on_sighup() {
    let certs = tempfile::tempdir().unwrap();
    let first = make_cert(certs.path());
    let cert = certs.path().join("cert.pem");
    let key = certs.path().join("key.pem");
    let s = common::BinServer::start(
        &[
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
        &[],
    );
    let port = s.addr.rsplit(':').next().unwrap().to_string();
    let base = format!("https://localhost:{port}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let c = client_trusting(&first);
        let r = c.get(format!("{base}/v2/")).send().await.unwrap();
        assert_eq!(r.status(), 200);

        // A push and a pull over TLS.
        let data = vec![42u8; 200_000];
        let d = common::digest(&data);
        let r = c
            .post(format!("{base}/v2/secure/blobs/uploads/?digest={d}"))
            .body(data.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let r = c
            .get(format!("{base}/v2/secure/blobs/{d}"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.bytes().await.unwrap().as_ref(), &data[..]);

        // Plain HTTP to the TLS port does not get an answer from the API.
        let plain = common::http()
            .get(format!("http://127.0.0.1:{port}/v2/"))
            .timeout(Duration::from_secs(5))
            .send()
            .await;
        assert!(plain.map(|r| r.status() != 200).unwrap_or(true));
        // A client that does not trust the certificate is refused.
        let stranger = make_cert(tempfile::tempdir().unwrap().path());
        assert!(client_trusting(&stranger)
            .get(format!("{base}/v2/"))
            .send()
            .await
            .is_err());

        // Replace the certificate and send SIGHUP: new connections get the new one.
        let second = make_cert(certs.path());
        s.signal(libc::SIGHUP);
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        loop {
            if client_trusting(&second)
                .get(format!("{base}/v2/"))
                .send()
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "certificate not reloaded; log:\n{}",
                s.log_text()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(client_trusting(&first)
            .get(format!("{base}/v2/"))
            .send()
            .await
            .is_err());

        // A broken file on reload keeps the current certificate.
        std::fs::write(&cert, "not a certificate").unwrap();
        s.signal(libc::SIGHUP);
        common::eventually(10, || async {
            s.log_text().contains("TLS certificate reload failed")
        })
        .await;
        let r = client_trusting(&second)
            .get(format!("{base}/v2/"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert!(s.log_text().contains("TLS certificate reload failed"));
    });
}

#[test]
fn serve_refuses_to_start_with_a_bad_certificate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("cert.pem"), "garbage").unwrap();
    std::fs::write(dir.path().join("key.pem"), "garbage").unwrap();
    let out = common::bin_command()
        .arg("--root")
        .arg(dir.path().join("store"))
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(dir.path().join("cert.pem"))
        .arg("--tls-key")
        .arg(dir.path().join("key.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cert.pem"), "{err}");
    // Only one of the pair.
    let out = common::bin_command()
        .arg("--root")
        .arg(dir.path().join("store"))
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(dir.path().join("cert.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("tls_key"));
}
