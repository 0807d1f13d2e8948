//! What has the keyboard: the lists and the article, or one overlay or input line. Each mode
//! holds its own state, so two of them can never be open at once.

/// The mode the reader is in.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    /// Keys go through the key map to the screen shown (feeds, articles, article).
    #[default]
    Browse,
    /// The help overlay, scrolled to its `scroll`th row.
    Help { scroll: usize },
    /// The search line (`/`), run as it is typed.
    Search { input: String },
    /// The address line of `+`.
    AddUrl { input: String },
    /// The command line of `|`, for the article's text.
    Pipe { input: String },
    /// Feeds found for `+`, (title, url), waiting for a pick with 1-9.
    Pick { candidates: Vec<(String, String)> },
    /// The article's enclosures offered for `e` (digit, or j/k and Enter; Esc cancels).
    PickEnclosure { selected: usize },
}

impl Mode {
    pub fn is_help(&self) -> bool {
        matches!(self, Mode::Help { .. })
    }

    /// First help row shown (0 when help is closed).
    pub fn help_scroll(&self) -> usize {
        match self {
            Mode::Help { scroll } => *scroll,
            _ => 0,
        }
    }

    /// The search being typed, while the search line is open.
    pub fn search_input(&self) -> Option<&str> {
        match self {
            Mode::Search { input } => Some(input),
            _ => None,
        }
    }

    /// The address being typed after `+`.
    pub fn add_input(&self) -> Option<&str> {
        match self {
            Mode::AddUrl { input } => Some(input),
            _ => None,
        }
    }

    /// The feeds offered for picking after `+`.
    pub fn candidates(&self) -> Option<&[(String, String)]> {
        match self {
            Mode::Pick { candidates } => Some(candidates),
            _ => None,
        }
    }
}
