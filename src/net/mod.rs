//! The network: downloading with limits (`fetch`), the limits shared by every download
//! (`limit`), each feed's own agent, headers, auth and proxy (`per_feed`), and which addresses a feed's links may reach (`private`).

pub mod fetch;
pub mod limit;
pub mod per_feed;
pub mod private;
