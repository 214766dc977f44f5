//! Who is on the other end: the peer's address, or, when the peer is a proxy
//! this server was told to trust (a load balancer), the address the proxy
//! says it forwarded for. A header from anyone else is not believed: any
//! client can write `X-Forwarded-For`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Reads a list of addresses and networks, comma separated
    /// (`10.0.0.0/8, 127.0.0.1`); an entry that reads as neither is named.
    pub fn parse(list: &str) -> Result<Self, String> {
        let mut nets = Vec::new();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            let net = match entry.parse::<IpNet>() {
                Ok(net) => net,
                Err(_) => entry
                    .parse::<IpAddr>()
                    .map(IpNet::from)
                    .map_err(|_| format!("{entry:?} is not an address or a network"))?,
            };
            nets.push(net);
        }
        Ok(Self(nets))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer's, unless the peer is trusted; then
    /// the last address of `X-Forwarded-For` that is not itself a trusted
    /// proxy (each proxy appends the address it heard from).
    pub fn client(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = peer?;
        if !self.trusts(peer) {
            return Some(peer);
        }
        let forwarded: Vec<IpAddr> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .filter_map(|a| a.trim().parse::<IpAddr>().ok())
            .collect();
        Some(forwarded.into_iter().rev().find(|ip| !self.trusts(*ip)).unwrap_or(peer))
    }

    /// The client's address of a request, by its connection and headers.
    pub fn client_of(&self, extensions: &Extensions, headers: &HeaderMap) -> Option<IpAddr> {
        let peer = extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(peer)| peer.ip());
        self.client(peer, headers)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn headers(forwarded: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", HeaderValue::from_str(forwarded).expect("header"));
        headers
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn the_header_is_believed_only_from_a_trusted_proxy() {
        let proxies = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").expect("list");
        let said = headers("198.51.100.7, 203.0.113.5");
        // From anyone else, the header is ignored.
        assert_eq!(proxies.client(Some(ip("192.0.2.1")), &said), Some(ip("192.0.2.1")));
        // From the load balancer: the last address it did not add itself.
        assert_eq!(proxies.client(Some(ip("10.1.2.3")), &said), Some(ip("203.0.113.5")));
        let chained = headers("198.51.100.7, 10.9.9.9");
        assert_eq!(proxies.client(Some(ip("127.0.0.1")), &chained), Some(ip("198.51.100.7")));
        assert_eq!(proxies.client(Some(ip("10.1.2.3")), &HeaderMap::new()), Some(ip("10.1.2.3")));
        assert_eq!(TrustedProxies::default().client(Some(ip("10.1.2.3")), &said), Some(ip("10.1.2.3")));
        assert!(TrustedProxies::parse("10.0.0.0/8, proxy").is_err());
    }
}
