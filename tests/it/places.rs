//! Lampung place matching (issue 6, "Lampung first"): real-style headlines and datelines,
//! false friends, national stories, and a micro-benchmark (prints, never asserts time).
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabar::places::{self, Kind, PlaceMatch};

/// (title, body, expected region, expected matched text).
type Case = (
    &'static str,
    &'static str,
    Option<(&'static str, &'static str)>,
);

const LAMPUNG: &str = "Lampung (provinsi)";

/// Articles that name a place in Lampung.
const IN_LAMPUNG: &[Case] = &[
    // ANTARA datelines.
    (
        "Pemkot gelar pasar murah jelang Lebaran",
        "Bandarlampung (ANTARA) - Pemerintah kota menggelar pasar murah di 20 kecamatan.",
        Some(("Bandar Lampung", "Bandarlampung")),
    ),
    (
        "Festival Krakatau 2025 dibuka di Lapangan Saburai",
        "Bandarlampung\u{a0}(ANTARA) - Penari membawakan tari Sigeh Pengunten.",
        Some(("Bandar Lampung", "Bandarlampung")),
    ),
    (
        "Harga cabai naik",
        "Bandar Lampung (Lampost.co) \u{2014} Harga cabai merah keriting di Pasar Tugu naik.",
        Some(("Bandar Lampung", "Bandar Lampung")),
    ),
    (
        "Pemadaman listrik bergilir",
        "TRIBUNLAMPUNG.CO.ID, BANDAR LAMPUNG - PLN mengumumkan jadwal pemadaman.",
        Some(("Bandar Lampung", "BANDAR LAMPUNG")),
    ),
    (
        "Kemacetan di Jalan Raden Intan",
        "Arus lalu lintas dari Telukbetung ke Tanjungkarang tersendat sejak pagi.",
        Some(("Bandar Lampung", "Telukbetung")),
    ),
    (
        "Antrean kendaraan mengular di Pelabuhan Panjang",
        "",
        Some(("Bandar Lampung", "Pelabuhan Panjang")),
    ),
    (
        "Warga Kemiling keluhkan jalan rusak",
        "",
        Some(("Bandar Lampung", "Kemiling")),
    ),
    // Metro, only with context.
    (
        "Wali Kota Metro resmikan pasar tradisional",
        "METRO - Wali Kota Metro meresmikan pasar tradisional di Metro Pusat.",
        Some(("Metro", "Metro")),
    ),
    (
        "Pemkot siapkan 10 ribu bibit",
        "METRO - Pemerintah kota menyiapkan bibit untuk warga.",
        Some(("Metro", "METRO")),
    ),
    ("Pemkot Metro bagikan beras", "", Some(("Metro", "Metro"))),
    (
        "Polres Metro ungkap kasus curanmor",
        "",
        Some(("Metro", "Metro")),
    ),
    (
        "Harga beras stabil",
        "Metro (ANTARA) - Harga beras di pasar induk stabil.",
        Some(("Metro", "Metro")),
    ),
    (
        "Banjir rendam puluhan rumah",
        "Hujan deras sejak sore membuat banjir di Metro, warga mengungsi.",
        Some(("Metro", "Metro")),
    ),
    (
        "Pelajar asal kota Metro juara olimpiade sains",
        "",
        Some(("Metro", "Metro")),
    ),
    // Lampung Selatan.
    (
        "Kapal tertahan cuaca buruk",
        "Kalianda, Lampung Selatan - Puluhan kapal tertahan di dermaga.",
        Some(("Lampung Selatan", "Kalianda")),
    ),
    (
        "Arus mudik di Bakauheni meningkat",
        "",
        Some(("Lampung Selatan", "Bakauheni")),
    ),
    (
        "Pemkab Lamsel salurkan bantuan",
        "",
        Some(("Lampung Selatan", "Lamsel")),
    ),
    // Lampung Tengah.
    (
        "Petani Lampung Tengah panen raya",
        "",
        Some(("Lampung Tengah", "Lampung Tengah")),
    ),
    (
        "Pasar Bandar Jaya direvitalisasi",
        "",
        Some(("Lampung Tengah", "Bandar Jaya")),
    ),
    // Lampung Utara.
    (
        "Kotabumi diguyur hujan deras, dua rumah rusak",
        "",
        Some(("Lampung Utara", "Kotabumi")),
    ),
    (
        "DPRD Lampura sahkan APBD",
        "",
        Some(("Lampung Utara", "Lampura")),
    ),
    // Lampung Timur.
    (
        "Gajah liar masuk permukiman",
        "Sukadana - Gajah liar dari Taman Nasional Way Kambas masuk permukiman warga.",
        Some(("Lampung Timur", "Sukadana")),
    ),
    // Lampung Barat.
    (
        "Kopi robusta Liwa tembus pasar ekspor",
        "",
        Some(("Lampung Barat", "Liwa")),
    ),
    // Tanggamus.
    (
        "Nelayan Kota Agung tak melaut",
        "",
        Some(("Tanggamus", "Kota Agung")),
    ),
    (
        "Pemprov Lampung salurkan 20 ton benih padi untuk petani Tanggamus",
        "Bandarlampung (ANTARA) - Pemerintah Provinsi Lampung menyalurkan 20 ton benih padi.",
        Some(("Tanggamus", "Tanggamus")),
    ),
    // Tulang Bawang / Tulang Bawang Barat: the longer name wins.
    (
        "Jembatan di Menggala rampung",
        "",
        Some(("Tulang Bawang", "Menggala")),
    ),
    (
        "Bupati Tulang Bawang Barat tinjau jalan",
        "",
        Some(("Tulang Bawang Barat", "Tulang Bawang Barat")),
    ),
    (
        "Pemkab Tubaba gelar festival budaya",
        "",
        Some(("Tulang Bawang Barat", "Tubaba")),
    ),
    (
        "Polres Tuba amankan dua pelaku",
        "",
        Some(("Tulang Bawang", "Tuba")),
    ),
    // Way Kanan.
    (
        "Jembatan gantung di Way Kanan putus",
        "Warga kini menyeberang memakai rakit.",
        Some(("Way Kanan", "Way Kanan")),
    ),
    (
        "Jembatan gantung putus",
        "Jembatan penghubung dua kampung di Kecamatan Blambangan Umpu putus diterjang banjir.",
        Some(("Way Kanan", "Blambangan Umpu")),
    ),
    // Pesawaran.
    (
        "Pasar Gedong Tataan direnovasi",
        "",
        Some(("Pesawaran", "Gedong Tataan")),
    ),
    (
        "Wisata Pulau Pahawang ramai pengunjung",
        "",
        Some(("Pesawaran", "Pahawang")),
    ),
    // Pringsewu, Mesuji.
    (
        "Polres Pringsewu & warga gelar ronda malam",
        "Pringsewu - Polres Pringsewu bersama warga menggelar ronda malam.",
        Some(("Pringsewu", "Pringsewu")),
    ),
    ("Banjir rendam Mesuji", "", Some(("Mesuji", "Mesuji"))),
    (
        "BANJIR RENDAM 120 RUMAH DI MESUJI",
        "",
        Some(("Mesuji", "MESUJI")),
    ),
    // Pesisir Barat.
    (
        "Ombak tinggi hantam pantai",
        "Krui, Pesisir Barat - Ombak setinggi empat meter menghantam pantai.",
        Some(("Pesisir Barat", "Krui")),
    ),
    (
        "Turis asing selancar di Pesisir Barat",
        "",
        Some(("Pesisir Barat", "Pesisir Barat")),
    ),
    // The province alone.
    (
        "Pemprov Lampung gelar rapat koordinasi",
        "",
        Some((LAMPUNG, "Lampung")),
    ),
    (
        "Polda Lampung tangkap pengedar narkoba",
        "",
        Some((LAMPUNG, "Lampung")),
    ),
    (
        "Mahasiswa Universitas Lampung raih medali emas",
        "",
        Some((LAMPUNG, "Lampung")),
    ),
    // Specific beats the province in the same part; title beats the lead.
    (
        "Gubernur Lampung tinjau banjir di Lampung Selatan",
        "",
        Some(("Lampung Selatan", "Lampung Selatan")),
    ),
    (
        "Gubernur resmikan jalan provinsi",
        "Bandarlampung (ANTARA) - Gubernur Lampung meresmikan ruas jalan di Lampung Tengah.",
        Some(("Bandar Lampung", "Bandarlampung")),
    ),
    // Found only deep in the body.
    (
        "Harga emas naik",
        "Harga emas perhiasan naik Rp20 ribu per gram pekan ini. Pedagang mengatakan \
         permintaan tetap tinggi. Di Pringsewu, toko emas ramai pembeli.",
        Some(("Pringsewu", "Pringsewu")),
    ),
    // All-caps headlines and more Metro contexts.
    ("DI METRO BANJIR MELUAS", "", Some(("Metro", "METRO"))),
    ("Kota Metro raih Adipura", "", Some(("Metro", "Metro"))),
    (
        "Metro raih Adipura kelima kalinya",
        "",
        Some(("Metro", "Metro")),
    ),
    (
        "Mahasiswa Universitas Muhammadiyah Metro KKN di desa",
        "",
        Some(("Metro", "Metro")),
    ),
    (
        "Harga gabah turun",
        "Metro, Lampung - Harga gabah kering panen turun.",
        Some(("Metro", "Metro")),
    ),
    (
        "Warga Tulangbawang gotong royong",
        "",
        Some(("Tulang Bawang", "Tulangbawang")),
    ),
    // Case: a lower-case second word spoils the specific name, the province still counts.
    ("Banjir di Lampung selatan", "", Some((LAMPUNG, "Lampung"))),
];

/// Articles that name no place in Lampung (national stories and false friends).
const NOT_LAMPUNG: &[Case] = &[
    (
        "Presiden resmikan bendungan",
        "Jakarta (ANTARA) - Presiden meresmikan bendungan baru di Jawa Barat.",
        None,
    ),
    (
        "Menteri tinjau harga pangan & stok beras di Jakarta",
        "Jakarta (ANTARA) - Menteri meninjau harga pangan dan ketersediaan stok beras.",
        None,
    ),
    (
        "Banjir rob genangi Surabaya utara",
        "Surabaya (ANTARA) - Banjir rob menggenangi permukiman di pesisir utara.",
        None,
    ),
    (
        "Kabut asap selimuti Palembang",
        "Palembang (ANTARA) - Kabut asap menyelimuti kota sejak pagi.",
        None,
    ),
    (
        "Medan macet total jelang Natal",
        "Medan (ANTARA) - Kemacetan terjadi di sejumlah ruas jalan utama.",
        None,
    ),
    ("Polda Metro Jaya tangkap bandar narkoba", "", None),
    ("Saksikan di Metro TV malam ini", "", None),
    ("Wawancara eksklusif di MetroTV", "", None),
    (
        "Kapolres Metro Jakarta Barat pimpin apel",
        "Polres Metro Jakarta Barat menggelar apel pasukan.",
        None,
    ),
    ("Polres Metro Bekasi Kota tangkap pencuri", "", None),
    ("Banjir di Metro Manila, ribuan mengungsi", "", None),
    ("Baca berita lainnya di rubrik Metro", "", None),
    ("Kumpulan berita metro hari ini", "", None),
    (
        "Perjalanan panjang menuju final",
        "Jalan panjang itu ditempuh selama lima tahun.",
        None,
    ),
    ("The way kanan", "", None),
    (
        "Pemain tuba tampil memukau",
        "Musisi memainkan tuba dalam konser orkestra di Jakarta.",
        None,
    ),
    (
        "Kayu kruing untuk lantai",
        "Kayu Kruing dan Meranti laris.",
        None,
    ),
    ("Gelombang tinggi di Pesisir Barat Sumatera", "", None),
    (
        "Wisata Sukadana, Kayong Utara",
        "Pantai di Sukadana, Kayong Utara, Kalimantan Barat, ramai pengunjung.",
        None,
    ),
    ("Kecelakaan di Kota Agung, Lahat", "", None),
    (
        "Presiden kunjungi Medan",
        "Jakarta (ANTARA) - Presiden berkunjung ke Medan.\n\nPewarta: Budi\nEditor: Sari\n\
         Copyright \u{a9} ANTARA Lampung 2025",
        None,
    ),
    (
        "Timnas menang 2-0",
        "Laporan Reporter Tribun Lampung. Jakarta - Timnas menang. Ikuti berita terkini \
         Lampung Post di Google News.",
        None,
    ),
    ("Inflasi nasional terkendali - Radar Lampung", "", None),
    ("Harga minyak dunia turun", "Lampungnya di mana?", None),
    ("METRO TV GELAR DEBAT CAPRES", "", None),
    (
        "Festival kurma Liwa, Abu Dhabi",
        "Ribuan orang datang ke Liwa, Abu Dhabi.",
        None,
    ),
    ("Wisatawan padati Liwa Oasis", "", None),
    ("Inflasi terkendali - Lampung Post", "", None),
    ("Banjir di Metro Jakarta dan sekitarnya", "", None),
    (
        "Akar tuba dipakai meracuni ikan",
        "Tuba adalah racun ikan tradisional.",
        None,
    ),
];

fn check(cases: &[Case]) -> usize {
    let mut failures = Vec::new();
    for (title, body, want) in cases {
        let got = places::find(title, body);
        let got_pair = got.as_ref().map(|m| (m.region, m.matched.as_str()));
        if got_pair != *want {
            failures.push(format!(
                "{title:?} / {body:?}\n   want {want:?}\n    got {got_pair:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing:\n{}",
        failures.len(),
        failures.join("\n")
    );
    cases.len()
}

#[test]
fn lampung_articles_are_found() {
    assert!(check(IN_LAMPUNG) >= 40);
}

#[test]
fn national_stories_and_false_friends_are_not() {
    assert!(check(NOT_LAMPUNG) >= 20);
}

#[test]
fn every_kabupaten_kota_is_listed() {
    let regions = places::regions();
    let names: Vec<&str> = regions.iter().map(|r| r.name.as_str()).collect();
    for want in [
        "Bandar Lampung",
        "Metro",
        "Lampung Selatan",
        "Lampung Tengah",
        "Lampung Utara",
        "Lampung Timur",
        "Lampung Barat",
        "Tanggamus",
        "Tulang Bawang",
        "Tulang Bawang Barat",
        "Way Kanan",
        "Pesawaran",
        "Pringsewu",
        "Mesuji",
        "Pesisir Barat",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert_eq!(
        regions.iter().filter(|r| r.kind == Kind::Kabupaten).count(),
        13
    );
    assert_eq!(regions.iter().filter(|r| r.kind == Kind::Kota).count(), 2);
    let prov = places::region(LAMPUNG).expect("province entry");
    assert!(prov.is_province());
    // Every region's own name and capital are findable in a plain sentence.
    for r in regions {
        for spelling in [&r.name, &r.capital] {
            if r.is_province() || spelling == "Metro" {
                continue;
            }
            let title = format!("Kabupaten {spelling} gelar rapat");
            let m = places::find(&title, "").unwrap_or_else(|| panic!("{spelling} not found"));
            assert_eq!(m.region, r.name, "{spelling}");
        }
    }
}

#[test]
fn matched_text_is_the_text_as_found() {
    let m = places::find("BANJIR DI KALIANDA", "").unwrap();
    assert_eq!(
        m,
        PlaceMatch {
            region: "Lampung Selatan",
            matched: "KALIANDA".into()
        }
    );
    // Region strings are the canonical ones from regions().
    assert!(places::regions().iter().any(|r| r.name == m.region));
}

#[test]
fn unicode_and_odd_input_is_safe() {
    assert_eq!(places::find("", ""), None);
    assert_eq!(places::find("Lampungé", ""), None);
    assert_eq!(places::find("éLampung", ""), None);
    assert_eq!(
        places::find("«Mesuji»", "").map(|m| m.region),
        Some("Mesuji")
    );
    assert_eq!(
        places::find("Banjir—Mesuji", "").map(|m| m.region),
        Some("Mesuji")
    );
    // Multibyte characters right at the lead and body limits.
    let body = "ü".repeat(places::BODY_LIMIT);
    assert_eq!(places::find("", &body), None);
    let body = format!("{} Pringsewu", "ü".repeat(places::LEAD_BYTES / 2 - 1));
    assert_eq!(places::find("", &body).unwrap().region, "Pringsewu");
}

/// A typical article: title + ~2 KB of body. Prints ns/article; never asserts a time
/// (debug builds and shared CI machines vary). `cargo test --release --test places --
/// --nocapture bench` for the real figure.
#[test]
fn bench_ns_per_article() {
    let para = "Pemerintah daerah menyiapkan anggaran untuk perbaikan jalan yang rusak \
                akibat banjir pada awal tahun ini. Kepala dinas mengatakan pekerjaan akan \
                dimulai bulan depan dan ditargetkan selesai sebelum akhir tahun anggaran. ";
    let filler: String = para.repeat(2048 / para.len() + 1);
    let articles: Vec<(String, String)> = vec![
        (
            "Menteri tinjau harga pangan di pasar induk".into(),
            format!("Jakarta (ANTARA) - {filler}"),
        ),
        (
            "Pemkot gelar pasar murah jelang Lebaran".into(),
            format!("Bandarlampung (ANTARA) - {filler}"),
        ),
        (
            "Harga emas naik".into(),
            format!("{filler} Di Pringsewu toko emas ramai."),
        ),
        (
            "Gubernur resmikan jalan".into(),
            format!("Palembang (ANTARA) - Gubernur Lampung hadir. {filler}"),
        ),
    ];
    let n = if cfg!(debug_assertions) {
        2_000
    } else {
        100_000
    };
    let start = std::time::Instant::now();
    let mut found = 0usize;
    for i in 0..n {
        let (t, b) = &articles[i % articles.len()];
        found += usize::from(std::hint::black_box(places::find(t, b)).is_some());
    }
    let el = start.elapsed();
    assert_eq!(found, n / 4 * 3);
    let bytes: usize = articles
        .iter()
        .map(|(t, b)| t.len() + b.len())
        .sum::<usize>()
        / 4;
    println!(
        "places::find: {n} articles (~{bytes} bytes each), {:.0} ns/article ({} build)",
        el.as_nanos() as f64 / n as f64,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
}
