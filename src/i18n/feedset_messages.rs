//! Messages of per-feed settings (password command, proxy, feeds not due): (key, Indonesian,
//! English).

pub const FEEDSET_MESSAGES: &[(&str, &str, &str)] = &[
    (
        "feedset.pw_cannot_run",
        "password_command {program} tidak bisa dijalankan: {e}",
        "cannot run password_command {program}: {e}",
    ),
    (
        "feedset.pw_failed",
        "password_command {program} gagal ({status})",
        "password_command {program} failed ({status})",
    ),
    (
        "feedset.pw_empty",
        "password_command {program} tidak mencetak kata sandi",
        "password_command {program} printed no password",
    ),
    (
        "feedset.proxy_bad",
        "proxy {proxy} tidak bisa dipakai: {e}",
        "cannot use proxy {proxy}: {e}",
    ),
    (
        "feedset.redirect_off_host",
        "pengalihan ke host lain tidak diikuti: header feed ini akan ikut terkirim",
        "redirect to another host not followed: this feed's own headers would go along",
    ),
    (
        "feedset.not_due",
        "{n} feed belum waktunya (refresh_minutes; --all mengambil semuanya)",
        "{n} {n:feed|feeds} not due yet (refresh_minutes; --all fetches every feed)",
    ),
    (
        "feedset.st_not_due",
        "{text} ({n} belum waktunya)",
        "{text} ({n} not due yet)",
    ),
];
