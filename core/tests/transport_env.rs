//! Settings the process environment gives the native client: SSL_CERT_FILE (a private CA),
//! HTTP_PROXY / NO_PROXY, and EVOVOICE_BASE_URL / EVOVOICE_TOKEN / EVOVOICE_USER /
//! EVOVOICE_PASSWORD (`Client::from_env`). One test in a binary of its own, its steps in
//! order: the environment is process-wide.

mod support;

use evovoice::*;
use evovoice_emulator::{Emulator, Options, DEV_TOKEN, DEV_USER};

fn set(name: &str, value: &str) {
    std::env::set_var(name, value);
}

fn unset(name: &str) {
    std::env::remove_var(name);
}

#[tokio::test]
async fn the_environment_configures_trust_proxies_and_credentials() {
    for name in ["SSL_CERT_FILE", "SSL_CERT_DIR", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy"] {
        unset(name);
    }

    // SSL_CERT_FILE: the private CA is trusted by a client built while it is set.
    let server = support::tls_server().await;
    let dir = std::env::temp_dir().join(format!("evovoice-ca-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &server.ca_pem).unwrap();
    let before = Client::builder().base_url(&server.url).max_retries(0).build().unwrap();
    assert!(before.get_session("s1").await.unwrap_err().is_connection());
    set("SSL_CERT_FILE", ca_file.to_str().unwrap());
    let trusting = Client::builder().base_url(&server.url).build().unwrap();
    assert_eq!(trusting.get_session("s1").await.unwrap().id.as_deref(), Some("s1"));
    unset("SSL_CERT_FILE");
    let _ = std::fs::remove_dir_all(&dir);

    // HTTP_PROXY: honoured by default, not with no_proxy(), nor for a host in NO_PROXY.
    let emu = Emulator::start(Options::default()).await.unwrap();
    let proxy = support::proxy().await;
    set("HTTP_PROXY", &proxy.url);
    let via_env = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).build().unwrap();
    via_env.list_sessions(&ListSessions::default()).await.unwrap();
    assert_eq!(proxy.count(), 1, "the environment's proxy carried the call");
    let off = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).no_proxy().build().unwrap();
    off.list_sessions(&ListSessions::default()).await.unwrap();
    assert_eq!(proxy.count(), 1, "no_proxy() ignores the environment");
    set("NO_PROXY", "127.0.0.1");
    let excluded = Client::builder().base_url(emu.url()).bearer_token(DEV_TOKEN).build().unwrap();
    excluded.list_sessions(&ListSessions::default()).await.unwrap();
    assert_eq!(proxy.count(), 1, "NO_PROXY is honoured");
    unset("HTTP_PROXY");
    unset("NO_PROXY");

    // EVOVOICE_*: Client::from_env, and explicit settings win.
    set(config::ENV_BASE_URL, &emu.url());
    set(config::ENV_TOKEN, DEV_TOKEN);
    let from_env = Client::from_env().unwrap();
    assert_eq!(from_env.config().base_url(), emu.url());
    from_env.list_sessions(&ListSessions::default()).await.unwrap();
    let explicit = Client::builder().from_env().bearer_token("wrong-token").build().unwrap();
    assert!(explicit.list_sessions(&ListSessions::default()).await.unwrap_err().is_unauthorized(), "the explicit token wins");
    unset(config::ENV_TOKEN);
    set(config::ENV_USER, DEV_USER);
    set(config::ENV_PASSWORD, "dev");
    let basic = Client::from_env().unwrap();
    assert!(matches!(basic.config().auth(), Auth::Basic { user_name, .. } if user_name == DEV_USER));
    assert!(!format!("{basic:?}").contains("\"dev\""), "{basic:?}");
    for name in [config::ENV_BASE_URL, config::ENV_USER, config::ENV_PASSWORD] {
        unset(name);
    }
    assert_eq!(Client::from_env().unwrap().config().base_url(), DEFAULT_BASE_URL);
}
