//! The lexicons shipped inside the binary, so ctlex works from any folder.
//!
//! A test checks that this list and the `lexicons/` folder hold the same files.

pub(super) const FILES: [(&str, &str); 12] = [
    (
        "afghanistan.toml",
        include_str!("../../lexicons/afghanistan.toml"),
    ),
    ("cells.toml", include_str!("../../lexicons/cells.toml")),
    (
        "crime_nexus.toml",
        include_str!("../../lexicons/crime_nexus.toml"),
    ),
    (
        "financing.toml",
        include_str!("../../lexicons/financing.toml"),
    ),
    ("ftf.toml", include_str!("../../lexicons/ftf.toml")),
    (
        "human_rights.toml",
        include_str!("../../lexicons/human_rights.toml"),
    ),
    (
        "law_enforcement.toml",
        include_str!("../../lexicons/law_enforcement.toml"),
    ),
    (
        "prevention.toml",
        include_str!("../../lexicons/prevention.toml"),
    ),
    (
        "propaganda_online.toml",
        include_str!("../../lexicons/propaganda_online.toml"),
    ),
    (
        "regional_orgs.toml",
        include_str!("../../lexicons/regional_orgs.toml"),
    ),
    (
        "un_framework.toml",
        include_str!("../../lexicons/un_framework.toml"),
    ),
    ("weapons.toml", include_str!("../../lexicons/weapons.toml")),
];

/// The context lexicon, in `lexicons/context/`.
pub(super) const CONTEXT: (&str, &str) = (
    "counter_terrorism.toml",
    include_str!("../../lexicons/context/counter_terrorism.toml"),
);

/// The procedural lexicon, in `lexicons/context/`.
pub(super) const PROCEDURAL: (&str, &str) = (
    "procedural.toml",
    include_str!("../../lexicons/context/procedural.toml"),
);
