//! The sync outbox: changes wait, in order, until acknowledged; they survive reopening the store;
//! a newer change of the same entry replaces the older one.
// Test code: a failed unwrap is the test failing, with its message.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use kabar::store::Store;
use kabar::store::outbox::Change;

#[test]
fn changes_wait_in_order_until_the_server_has_them_even_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("kabar.db");
    let (store, _) = Store::open(&db).unwrap();
    assert_eq!(store.outbox_len().unwrap(), 0);
    let changes = [
        Change::Read {
            entry: 10,
            read: true,
        },
        Change::Starred {
            entry: 11,
            starred: true,
        },
        Change::Subscribe {
            url: "https://example.com/feed".into(),
        },
        Change::Unsubscribe {
            feed: "feed/3".into(),
        },
        Change::MarkFeedRead { feed: "4".into() },
        Change::MarkAllRead,
    ];
    for c in &changes {
        store.outbox_add(c).unwrap();
    }
    drop(store);

    // As after a kill during a sync: reopened, everything is still there, oldest first.
    let (store, _) = Store::open(&db).unwrap();
    let pending = store.outbox_pending(100).unwrap();
    assert_eq!(
        pending.iter().map(|p| p.change.clone()).collect::<Vec<_>>(),
        changes.to_vec()
    );
    assert!(pending.iter().all(|p| p.created > 0));
    assert_eq!(store.outbox_pending(2).unwrap().len(), 2);

    // Only what the server acknowledged leaves.
    let acked: Vec<i64> = pending[..2].iter().map(|p| p.id).collect();
    assert_eq!(store.outbox_acknowledged(&acked).unwrap(), 2);
    assert_eq!(store.outbox_acknowledged(&acked).unwrap(), 0);
    assert_eq!(store.outbox_len().unwrap(), 4);
    assert_eq!(
        store.outbox_pending(100).unwrap()[0].change,
        changes[2].clone()
    );
}

#[test]
fn a_newer_state_of_the_same_entry_replaces_the_waiting_one() {
    let store = Store::open_in_memory().unwrap();
    let old = store
        .outbox_add(&Change::Read {
            entry: 7,
            read: true,
        })
        .unwrap();
    store
        .outbox_add(&Change::Starred {
            entry: 7,
            starred: true,
        })
        .unwrap();
    store
        .outbox_add(&Change::Read {
            entry: 7,
            read: false,
        })
        .unwrap();
    let pending = store.outbox_pending(10).unwrap();
    assert_eq!(pending.len(), 2, "{pending:?}");
    assert!(pending.iter().any(|p| p.change
        == Change::Read {
            entry: 7,
            read: false
        }));
    // Acknowledging the replaced change (a push that was already under way) removes nothing.
    assert_eq!(store.outbox_acknowledged(&[old]).unwrap(), 0);
    assert_eq!(store.outbox_len().unwrap(), 2);
}
