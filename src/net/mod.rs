//! The network: downloading with limits (`fetch`) and the limits shared by every download (`limit`).

pub mod fetch;
pub mod limit;
