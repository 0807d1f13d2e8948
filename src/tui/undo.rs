//! `U` at the edge: the store write that puts an undo step's earlier values back.

use crate::app::Event;
use crate::app::undo::UndoStep;
use crate::store::Store;

/// Put `step`'s articles back as they were (one transaction; with sync on, the outbox rows for
/// the server are written in it) and answer the app with what came of it.
pub fn run(store: &mut Store, step: UndoStep) -> Event {
    let result = store
        .restore(&step.changed)
        .map_err(|e| crate::text::sanitize_line(&e.to_string()));
    Event::Undone { step, result }
}
