//! Messages about syncing with a server (Miniflux, Google Reader API): (key, Indonesian, English).

/// The sync messages, kept apart from `messages.rs` so the sync work does not touch that table.
pub const SYNC_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "err.sync.unauthorized",
        "server sinkronisasi menolak login: periksa nama pengguna, kata sandi, atau kunci API",
        "the sync server refused the login: check the user name, password or API key",
    ),
    (
        "err.sync.forbidden",
        "server sinkronisasi tidak mengizinkan ini (HTTP 403); apakah API-nya diaktifkan untuk akun ini?",
        "the sync server does not allow this (HTTP 403); is its API enabled for this account?",
    ),
    (
        "err.sync.not_found",
        "tidak ditemukan di server sinkronisasi (HTTP 404): periksa alamatnya",
        "not found on the sync server (HTTP 404): check its address",
    ),
    (
        "err.sync.server",
        "server sinkronisasi bermasalah (HTTP {status}); coba lagi nanti",
        "the sync server failed (HTTP {status}); try again later",
    ),
    (
        "err.sync.refused",
        "server sinkronisasi menolak permintaan (HTTP {status}): {detail}",
        "the sync server refused the request (HTTP {status}): {detail}",
    ),
    (
        "err.sync.bad_json",
        "jawaban server sinkronisasi tidak dapat dibaca: {detail}",
        "cannot read the sync server's answer: {detail}",
    ),
    (
        "err.sync.timeout",
        "server sinkronisasi tidak menjawab dalam {s} detik",
        "the sync server did not answer within {s} {s:second|seconds}",
    ),
    (
        "err.sync.too_large",
        "jawaban server sinkronisasi terlalu besar: lebih dari {bytes} byte",
        "the sync server's answer is too large: over {bytes} bytes",
    ),
    (
        "err.sync.network",
        "tidak dapat menghubungi server sinkronisasi: {detail}",
        "cannot reach the sync server: {detail}",
    ),
    (
        "err.sync.url",
        "alamat server sinkronisasi tidak valid: {detail}",
        "invalid sync server address: {detail}",
    ),
    (
        "err.sync.secret",
        "kata sandi atau kunci API tidak dapat dimuat: {detail}",
        "cannot load the password or API key: {detail}",
    ),
    (
        "cli.sync_total",
        "sinkronisasi: {pulled} diambil, {pushed} dikirim, {failed} gagal",
        "sync: {pulled} pulled, {pushed} pushed, {failed} failed",
    ),
    (
        "cli.sync_kept",
        "{n} tanda baca/simpan lokal dipindahkan ke salinan server (cocok menurut URL)",
        "{n} local read/saved marks carried to the server's copies (matched by URL)",
    ),
    (
        "cli.sync_failed",
        "sinkronisasi gagal: {msg} (cache dan perubahan yang menunggu tetap utuh)",
        "sync failed: {msg} (the cache and the waiting changes are intact)",
    ),
    // The reader's status line.
    ("st.sync_queued", "Sinkronisasi diantrekan", "Sync queued"),
    (
        "st.sync_pulling",
        "Sinkronisasi: menanyakan perubahan ke server …",
        "Syncing: asking the server what changed …",
    ),
    (
        "st.sync_pushing",
        "Sinkronisasi: mengirim {n} perubahan …",
        "Syncing: sending {n} {n:change|changes} …",
    ),
    (
        "st.sync_storing",
        "Sinkronisasi: menyimpan {n} entri …",
        "Syncing: storing {n} {n:entry|entries} …",
    ),
    (
        "st.synced",
        "Sinkronisasi selesai: {pulled} diambil, {pushed} dikirim, {failed} gagal",
        "Synced: {pulled} pulled, {pushed} pushed, {failed} failed",
    ),
    (
        "st.synced_failed",
        "Sinkronisasi selesai: {pulled} diambil, {pushed} dikirim, {failed} ditolak server: {names}",
        "Synced: {pulled} pulled, {pushed} pushed, {failed} refused by the server: {names}",
    ),
    (
        "st.sync_failed",
        "Sinkronisasi gagal ({n} perubahan menunggu, cache tetap): {msg}",
        "Sync failed ({n} {n:change waits|changes wait}, the cache is unchanged): {msg}",
    ),
    (
        "st.subscribing",
        "Berlangganan di server: {url} …",
        "Subscribing on the server: {url} …",
    ),
    (
        "st.subscribed",
        "Berlangganan di server: {url}; menyinkronkan …",
        "Subscribed on the server: {url}; syncing …",
    ),
];
