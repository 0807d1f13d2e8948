//! `kabar rules test` / `kabar rules apply`, and the lines `kabar refresh` prints for articles a
//! notify rule matched.

use super::articles::{catch_up_index, parse_query, print_rows};
use super::context::Ctx;
use super::exit::{ExitCode, Outcome};
use super::output::{fail, outln};
use crate::text::sanitize_line;

/// `kabar rules test QUERY`: what the query matches among stored articles (hidden ones too).
pub fn test(mut ctx: Ctx, query: &str, limit: usize) -> Outcome {
    let parsed = parse_query(query, &ctx.locale)?;
    catch_up_index(&mut ctx)?;
    let when = crate::store::When::now(&ctx.locale);
    let ids = ctx
        .store
        .query_ids(&parsed, when)
        .map_err(|e| fail(ExitCode::Store, e))?;
    let mut rows = Vec::new();
    for id in ids.iter().take(limit) {
        if let Some(r) = ctx
            .store
            .article_row(*id)
            .map_err(|e| fail(ExitCode::Store, e))?
        {
            rows.push(r);
        }
    }
    print_rows(&rows, false, &ctx.locale, &ctx.store)?;
    outln!(
        "{}",
        ctx.locale
            .tf("rules.test_total", &[("n", ids.len().to_string())])
    )
}

/// `kabar rules apply`: every rule over every stored article; one line per rule.
pub fn apply(mut ctx: Ctx) -> Outcome {
    let rules = ctx.store.rules().map_err(|e| fail(ExitCode::Store, e))?;
    if rules.is_empty() {
        return outln!("{}", ctx.locale.t("rules.none"));
    }
    // Rules match words through the search index: bring it up to date first.
    catch_up_index(&mut ctx)?;
    let when = crate::store::When::now(&ctx.locale);
    let outcome = ctx
        .store
        .apply_rules_to_all(when)
        .map_err(|e| fail(ExitCode::Store, e))?;
    // Applying to what is stored is not news: nothing is left for `refresh` to announce.
    ctx.store
        .take_notifications()
        .map_err(|e| fail(ExitCode::Store, e))?;
    for (rule, n) in rules.iter().zip(&outcome.matched) {
        let args = [
            ("query", sanitize_line(&rule.query)),
            ("action", rule.action.as_string()),
            ("n", n.to_string()),
        ];
        outln!("{}", ctx.locale.tf("rules.applied", &args))?;
    }
    Ok(())
}

/// After a refresh: put new articles through the rules (they see an article once it is in the
/// search index) and print each article a notify rule matched on a line of its own.
pub fn print_notifications(ctx: &mut Ctx) -> Outcome {
    let has_rules = !ctx
        .store
        .rules()
        .map_err(|e| fail(ExitCode::Store, e))?
        .is_empty();
    if !has_rules {
        return Ok(());
    }
    crate::feed::ingest::index_all(&mut ctx.store).map_err(|e| fail(ExitCode::Store, e))?;
    let rows = ctx
        .store
        .take_notifications()
        .map_err(|e| fail(ExitCode::Store, e))?;
    for r in rows {
        let link = r
            .link
            .as_deref()
            .and_then(crate::text::safe_link)
            .map(|l| sanitize_line(&l))
            .unwrap_or_default();
        let args = [
            ("feed", sanitize_line(&r.feed)),
            ("title", sanitize_line(&r.title)),
            ("link", link),
        ];
        outln!("{}", ctx.locale.tf("rules.notify_line", &args))?;
    }
    Ok(())
}
