//! Keeping what a feed says (item links, their redirects, pages found by discovery) away from
//! private addresses: loopback, link-local, private, CGNAT, unique-local and unspecified.
//!
//! The hosts of the feeds the user configured (and a URL the user typed) are trusted: a feed
//! may live on a home server or an intranet. Any other host may not lead kabar to a private
//! address, unless the user set `allow_private_links = true`. Three checks share one
//! [`NetPolicy`]: before each request ([`NetPolicy::check_url`], for IP literals), on every
//! redirect (the same, in the client's redirect policy), and in the client's DNS resolver
//! ([`GuardedResolver`]), which drops private addresses a name resolves to.
//!
//! Through an HTTP proxy the proxy resolves names, so only IP literals are checked there.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, ToSocketAddrs};
use std::sync::{Arc, RwLock};

/// A request refused because it would reach a private address from an untrusted host.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host} is a private address (allow_private_links is off)")]
pub struct PrivateAddress {
    /// The host as the link gave it, sanitised.
    pub host: String,
}

/// Which hosts may lead to private addresses. Shared (behind an `Arc`) by a client's resolver
/// and redirect policy and by the settings its requests are made with.
#[derive(Debug)]
pub struct NetPolicy {
    allow_private: bool,
    // Lower-case host names and IP addresses (no brackets, no trailing dot).
    trusted: RwLock<HashSet<String>>,
}

impl NetPolicy {
    /// A policy trusting the hosts of `trusted_urls` and of the proxies named in the
    /// environment; with `allow_private` nothing is refused.
    pub fn new<'a>(
        allow_private: bool,
        trusted_urls: impl IntoIterator<Item = &'a str>,
    ) -> Arc<Self> {
        let policy = NetPolicy {
            allow_private,
            trusted: RwLock::default(),
        };
        for url in trusted_urls {
            policy.trust_url(url);
        }
        // The proxy is the user's choice; its name is resolved through the same resolver.
        for var in [
            "http_proxy",
            "HTTP_PROXY",
            "https_proxy",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
        ] {
            if let Ok(v) = std::env::var(var) {
                policy.trust_url(&v);
            }
        }
        Arc::new(policy)
    }

    /// A policy that refuses nothing (`allow_private_links = true`).
    pub fn allow_private() -> Arc<Self> {
        Self::new(true, [])
    }

    /// Whether private addresses are allowed for every host.
    pub fn allows_private(&self) -> bool {
        self.allow_private
    }

    /// Trust the host of `url` from now on (a configured feed, a URL the user typed).
    pub fn trust_url(&self, url: &str) {
        if self.allow_private {
            return;
        }
        if let Some(key) = url::Url::parse(url).ok().as_ref().and_then(host_key) {
            self.trusted
                .write()
                .unwrap_or_else(|p| p.into_inner())
                .insert(key);
        }
    }

    /// Whether `host` (a name or an address, as in a URL) may reach private addresses.
    pub fn is_trusted(&self, host: &str) -> bool {
        self.allow_private
            || self
                .trusted
                .read()
                .unwrap_or_else(|p| p.into_inner())
                .contains(&normalise(host))
    }

    /// Refuse `url` when its host is a private IP address and not trusted. Host names are
    /// checked when they are resolved (see [`GuardedResolver`]).
    pub fn check_url(&self, url: &url::Url) -> Result<(), PrivateAddress> {
        let ip = match url.host() {
            Some(url::Host::Ipv4(a)) => IpAddr::V4(a),
            Some(url::Host::Ipv6(a)) => IpAddr::V6(a),
            _ => return Ok(()),
        };
        if is_private(ip) && !self.is_trusted(&ip.to_string()) {
            return Err(PrivateAddress {
                host: ip.to_string(),
            });
        }
        Ok(())
    }
}

/// The key a host is trusted under: lower case, no brackets around IPv6, no trailing dot.
fn host_key(url: &url::Url) -> Option<String> {
    match url.host()? {
        url::Host::Domain(d) => Some(normalise(d)),
        url::Host::Ipv4(a) => Some(a.to_string()),
        url::Host::Ipv6(a) => Some(a.to_string()),
    }
}

fn normalise(host: &str) -> String {
    host.trim_start_matches('[')
        .trim_end_matches(']')
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// Loopback, link-local, private (RFC 1918), CGNAT, unique-local, unspecified, "this network",
/// broadcast and multicast; an IPv4 address inside IPv6 (mapped, compatible, NAT64) counts as
/// itself.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => is_private_v4(a),
        IpAddr::V6(a) => is_private_v6(a),
    }
}

fn is_private_v4(a: Ipv4Addr) -> bool {
    let [b0, b1, ..] = a.octets();
    a.is_loopback()
        || a.is_private()
        || a.is_link_local()
        || a.is_unspecified()
        || a.is_broadcast()
        || a.is_multicast()
        || b0 == 0 // "this network"
        || (b0 == 100 && (b1 & 0xc0) == 64) // CGNAT 100.64.0.0/10
}

fn is_private_v6(a: Ipv6Addr) -> bool {
    let seg = a.segments();
    if let Some(v4) = a.to_ipv4_mapped() {
        return is_private_v4(v4);
    }
    // IPv4-compatible (::a.b.c.d, deprecated) and NAT64 (64:ff9b::/96) carry an IPv4 address.
    let embedded = || {
        Ipv4Addr::new(
            (seg[6] >> 8) as u8,
            seg[6] as u8,
            (seg[7] >> 8) as u8,
            seg[7] as u8,
        )
    };
    if seg[..6] == [0; 6] && !a.is_loopback() && !a.is_unspecified() {
        return is_private_v4(embedded());
    }
    if seg[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return is_private_v4(embedded());
    }
    a.is_loopback()
        || a.is_unspecified()
        || a.is_multicast()
        || (seg[0] & 0xfe00) == 0xfc00 // unique local fc00::/7
        || (seg[0] & 0xffc0) == 0xfe80 // link-local fe80::/10
        || (seg[0] & 0xffc0) == 0xfec0 // site-local fec0::/10 (deprecated, still private)
}

/// The client's DNS resolver: the system's (getaddrinfo), without the private addresses of
/// names that are not trusted.
#[derive(Debug)]
pub struct GuardedResolver {
    policy: Arc<NetPolicy>,
    /// A host this resolver alone trusts: a feed's own proxy (`net::per_feed`). Trusting it in
    /// the shared policy instead would let any feed's links reach that host.
    proxy_host: Option<String>,
}

impl GuardedResolver {
    pub fn new(policy: Arc<NetPolicy>) -> Self {
        GuardedResolver {
            policy,
            proxy_host: None,
        }
    }

    /// A resolver that also trusts the host of `proxy` (a URL), for that proxy's client.
    pub fn for_proxy(policy: Arc<NetPolicy>, proxy: &str) -> Self {
        GuardedResolver {
            policy,
            proxy_host: url::Url::parse(proxy).ok().as_ref().and_then(host_key),
        }
    }
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let trusted = self.policy.is_trusted(&host)
            || self.proxy_host.as_deref() == Some(normalise(&host).as_str());
        Box::pin(async move {
            let lookup = host.clone();
            let addrs: Vec<SocketAddr> =
                tokio::task::spawn_blocking(move || (lookup.as_str(), 0).to_socket_addrs())
                    .await
                    .map_err(|e| Box::new(e) as Box<dyn std::error::Error + Send + Sync>)??
                    .collect();
            let kept: Vec<SocketAddr> = if trusted {
                addrs
            } else {
                addrs.into_iter().filter(|a| !is_private(a.ip())).collect()
            };
            if kept.is_empty() {
                // Every address it has is private (or it has none: getaddrinfo said so above).
                return Err(Box::new(PrivateAddress {
                    host: crate::text::sanitize::sanitize_line_capped(&host, 100),
                })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn private_ranges() {
        for p in [
            "127.0.0.1",
            "127.8.9.10",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "100.127.255.255",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "::1",
            "::",
            "fd00::1",
            "fc12::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe",
        ] {
            assert!(is_private(ip(p)), "{p} is private");
        }
        for p in [
            "8.8.8.8",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "203.0.113.9",
            "2001:db8::1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
        ] {
            assert!(!is_private(ip(p)), "{p} is public");
        }
    }

    #[test]
    fn literals_refused_unless_trusted() {
        let policy = NetPolicy::new(
            false,
            ["http://127.0.0.2:8080/feed.xml", "https://Home.Lan./rss"],
        );
        let url = |s: &str| url::Url::parse(s).unwrap();
        assert!(policy.check_url(&url("http://127.0.0.2:9/x")).is_ok());
        assert!(policy.check_url(&url("http://127.0.0.1/admin")).is_err());
        // Other spellings of the same address are the same address.
        assert!(policy.check_url(&url("http://2130706433/")).is_err());
        assert!(policy.check_url(&url("http://0x7f.1/")).is_err());
        assert!(policy.check_url(&url("http://[::ffff:7f00:1]/")).is_err());
        assert!(policy.check_url(&url("http://[::1]/")).is_err());
        assert!(policy.check_url(&url("http://8.8.8.8/")).is_ok());
        assert!(policy.check_url(&url("http://example.com/")).is_ok());
        assert!(policy.is_trusted("home.lan"));
        assert!(policy.is_trusted("HOME.lan."));
        assert!(!policy.is_trusted("localhost"));
        policy.trust_url("http://[::1]:80/");
        assert!(policy.check_url(&url("http://[::1]/")).is_ok());
        assert!(
            NetPolicy::allow_private()
                .check_url(&url("http://127.0.0.1/"))
                .is_ok()
        );
    }
}
