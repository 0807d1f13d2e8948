//! The network: downloading with limits (`fetch`), the limits shared by every download
//! (`limit`), and which addresses a feed's links may reach (`private`).

pub mod fetch;
pub mod limit;
pub mod private;
