//! Requests to the world outside (webhook endpoints here; later a mail or
//! messaging provider's API), refused towards private, loopback and
//! link-local addresses unless the server's configuration allows them
//! (`RAPPORT_ALLOW_PRIVATE_ADDRESSES=true`, which tests use). The check is
//! made on the address the connection goes to, after DNS, so a name that
//! resolves to an inside address cannot route around it.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

/// How long one outbound request may take, connection included.
const TIMEOUT: Duration = Duration::from_secs(15);

/// The HTTP client of outbound requests, and whether inside addresses are
/// allowed.
#[derive(Clone, Debug)]
pub struct Outbound {
    client: reqwest::Client,
    allow_private: bool,
}

impl Outbound {
    /// A client that refuses inside addresses unless `allow_private`.
    pub fn new(allow_private: bool) -> Self {
        // TLS's cryptography from ring, installed once per process (a second
        // install is refused, harmlessly). rustls deprecates ring for lacking
        // post-quantum key exchange; aws-lc-rs, which has it, builds several
        // times slower here, and what is sent (event notices) is not a secret
        // kept for decades.
        #[allow(deprecated)]
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            // A redirect could lead anywhere: an endpoint answers itself.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Rapport-Webhooks/", env!("CARGO_PKG_VERSION")))
            .dns_resolver(Arc::new(Guarded { allow_private }))
            .build()
            // The settings are fixed and the crypto provider is installed
            // above: a failure is a fault of this code, and falling back to a
            // client without the guard would be worse than stopping.
            .expect("the outbound HTTP client's fixed settings");
        Self { client, allow_private }
    }

    pub fn client(&self) -> &reqwest::Client {
        &self.client
    }

    /// Why `url` may not be called, if it may not: a scheme other than
    /// HTTP(S), or an inside address written out (a name is checked when
    /// it is resolved, at each connection).
    pub fn refusal(&self, url: &reqwest::Url) -> Option<&'static str> {
        if !matches!(url.scheme(), "http" | "https") {
            return Some("must be an http or https address");
        }
        let Some(host) = url.host_str() else { return Some("must name a host") };
        // Names reserved for this machine (RFC 6761) never leave it.
        let local_name = host.eq_ignore_ascii_case("localhost") || host.to_ascii_lowercase().ends_with(".localhost");
        if local_name && !self.allow_private {
            return Some("must not be a private, loopback or link-local address");
        }
        // An IPv6 address is written in brackets.
        let literal = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok();
        match literal {
            Some(ip) if !self.allow_private && !is_public(ip) => {
                Some("must not be a private, loopback or link-local address")
            }
            _ => None,
        }
    }
}

/// Resolves names with the system's resolver, keeping only the addresses a
/// request may go to.
struct Guarded {
    allow_private: bool,
}

impl Resolve for Guarded {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        Box::pin(async move {
            let host = name.as_str().to_owned();
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = found.into_iter().filter(|a| allow_private || is_public(a.ip())).collect();
            if allowed.is_empty() {
                return Err(format!("{host} resolves to no address a request may go to").into());
            }
            let addrs: Addrs = Box::new(allowed.into_iter());
            Ok(addrs)
        })
    }
}

/// Whether `ip` is on the public internet: not loopback, private, link-local,
/// shared (carrier-grade NAT), unspecified, broadcast, multicast or
/// documentation space, nor an IPv6 form of one of those.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public(IpAddr::V4(v4)),
            None => {
                !(v6.is_loopback()
                    || v6.is_unspecified()
                    || v6.is_multicast()
                    || v6.is_unique_local()
                    || v6.is_unicast_link_local())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_addresses_are_not_public() {
        for inside in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "224.0.0.1",
        ] {
            assert!(!is_public(inside.parse().expect("ip")), "{inside}");
        }
        for outside in ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111", "100.128.0.1"] {
            assert!(is_public(outside.parse().expect("ip")), "{outside}");
        }
    }

    #[test]
    fn written_out_inside_addresses_and_other_schemes_are_refused() {
        let strict = Outbound::new(false);
        let url = |s: &str| reqwest::Url::parse(s).expect("url");
        assert!(strict.refusal(&url("http://127.0.0.1:9000/hook")).is_some());
        assert!(strict.refusal(&url("http://[::1]/hook")).is_some());
        assert!(strict.refusal(&url("ftp://example.com/hook")).is_some());
        assert!(strict.refusal(&url("http://localhost:8080/hook")).is_some());
        assert!(strict.refusal(&url("http://api.LocalHost/hook")).is_some());
        assert_eq!(strict.refusal(&url("https://localhost.example.com/in")), None);
        assert_eq!(strict.refusal(&url("https://hooks.example.com/in")), None);
        assert_eq!(Outbound::new(true).refusal(&url("http://127.0.0.1:9000/hook")), None);
    }

    #[tokio::test]
    async fn a_name_that_resolves_inside_is_refused_when_connecting() {
        // `localhost` passes the written-out check and is stopped at DNS.
        let strict = Outbound::new(false);
        let sent = strict.client().get("http://localhost:9/").send().await;
        let error = sent.expect_err("refused");
        let text = format!("{error:?}");
        assert!(text.contains("no address a request may go to"), "{text}");
    }
}
