//! Loopback servers for the transport tests: an HTTPS server whose certificate comes from a
//! private CA made here (rcgen), and a forward proxy that counts what goes through it.
#![allow(dead_code)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A private CA and an HTTPS server on 127.0.0.1 whose certificate it signed.
pub struct TlsServer {
    pub url: String,
    /// The CA certificate, PEM.
    pub ca_pem: String,
}

const ANSWER: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: 11\r\n\r\n{\"id\":\"s1\"}";

/// Starts the server (it answers every request with the session `s1`); it stops with the
/// test's runtime.
pub async fn tls_server() -> TlsServer {
    let _ = tokio_rustls::rustls::crypto::ring::default_provider().install_default();
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params.distinguished_name.push(rcgen::DnType::CommonName, "evovoice test CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let leaf_key = rcgen::KeyPair::generate().unwrap();
    let leaf_params = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()]).unwrap();
    let leaf = leaf_params.signed_by(&leaf_key, &ca, &ca_key).unwrap();

    let certs = vec![leaf.der().clone(), ca.der().clone()];
    let key = tokio_rustls::rustls::pki_types::PrivateKeyDer::try_from(leaf_key.serialize_der()).unwrap();
    let config = tokio_rustls::rustls::ServerConfig::builder().with_no_client_auth().with_single_cert(certs, key).unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://127.0.0.1:{}", listener.local_addr().unwrap().port());
    tokio::spawn(async move {
        while let Ok((sock, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(sock).await else { return };
                let mut buf = vec![0u8; 16 * 1024];
                let _ = tls.read(&mut buf).await;
                let _ = tls.write_all(ANSWER.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    TlsServer { url, ca_pem: ca.pem() }
}

/// A forward proxy on 127.0.0.1 (absolute-form requests for `http://` targets, CONNECT for
/// `https://`): it counts the requests and connections it forwards.
pub struct Proxy {
    pub url: String,
    count: Arc<AtomicUsize>,
}

impl Proxy {
    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }
}

pub async fn proxy() -> Proxy {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://127.0.0.1:{}", listener.local_addr().unwrap().port());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        while let Ok((mut client, _)) = listener.accept().await {
            let seen = seen.clone();
            tokio::spawn(async move {
                let mut head = Vec::new();
                let mut byte = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    match client.read(&mut byte).await {
                        Ok(1) => head.push(byte[0]),
                        _ => return,
                    }
                }
                seen.fetch_add(1, Ordering::SeqCst);
                let line = String::from_utf8_lossy(&head).lines().next().unwrap_or_default().to_owned();
                let mut parts = line.split(' ');
                let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                if method == "CONNECT" {
                    let Ok(mut upstream) = TcpStream::connect(target).await else { return };
                    let _ = client.write_all(b"HTTP/1.1 200 Connection Established\r\n\r\n").await;
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                } else {
                    let authority = target.strip_prefix("http://").and_then(|r| r.split('/').next()).unwrap_or("");
                    let Ok(mut upstream) = TcpStream::connect(authority).await else { return };
                    let _ = upstream.write_all(&head).await;
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                }
            });
        }
    });
    Proxy { url, count }
}
