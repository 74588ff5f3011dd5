//! Follow-ups, `done` / `snooze` / `cancel`, the Today queue, the Quiet
//! list, contact plans and quick dates. The pinned now is Monday
//! 2026-11-23 09:00 Tokyo; other days are reached by moving SALESBENCH_NOW.

use serde_json::Value;

use super::support::{array, parse_id, stdout_of, Bench};

const TODAY_FIELDS: &str = "type follow_up_id account_id account_name due_at overdue_days note";
const QUIET_FIELDS: &str = "account_id name last_touch_at days_silent expected_interval_days \
    interval_source overdue_ratio lapse_reason has_open_follow_up";

/// 09:00 Tokyo on `day` (YYYY-MM-DD), as SALESBENCH_NOW.
fn morning(day: &str) -> String {
    format!("{day}T09:00:00+09:00")
}

/// Run `args` with the clock at `now`; expect success, return stdout.
fn ok_at(b: &Bench, now: &str, args: &[&str]) -> String {
    let mut cmd = b.cmd();
    cmd.env("SALESBENCH_NOW", now).args(args);
    stdout_of(cmd.assert().success())
}

/// Run a command line whose words hold no spaces; expect success.
fn run(b: &Bench, line: &str) -> String {
    b.ok(&line.split_whitespace().collect::<Vec<_>>())
}

/// A conversation on `day` (09:00 Tokyo), the account's last touch.
fn touch(b: &Bench, account: &str, day: &str) {
    b.log(account, &["--summary", "前回", "--at", day]);
}

fn today_at(b: &Bench, now: &str) -> Vec<Value> {
    let out = ok_at(b, now, &["today", "--json"]);
    array(serde_json::from_str(&out).unwrap_or_else(|e| panic!("bad JSON ({e}): {out}")))
}

fn today(b: &Bench) -> Vec<Value> {
    array(b.json(&["today", "--json"]))
}

fn quiet(b: &Bench, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["quiet", "--json"];
    args.extend_from_slice(extra);
    array(b.json(&args))
}

fn find<'a>(rows: &'a [Value], name: &str) -> &'a Value {
    let found = rows.iter().find(|r| r["name"] == name);
    found.unwrap_or_else(|| panic!("{name} not in {rows:?}"))
}

fn follow_up(b: &Bench, account: &str, due: &str, note: &str) -> i64 {
    parse_id(&b.ok(&["follow-up", account, "--due", due, "--note", note]))
}

fn names(rows: &[Value], key: &str) -> Vec<String> {
    let name = |r: &Value| r[key].as_str().expect("text").to_string();
    rows.iter().map(name).collect()
}

fn follow_up_ids(rows: &[Value]) -> Vec<i64> {
    rows.iter()
        .filter(|r| r["type"] == "follow_up")
        .map(|r| r["follow_up_id"].as_i64().expect("follow_up_id"))
        .collect()
}

type Due = (String, String, String, i64);

/// (account_name, note, due_at, overdue_days) of each follow-up row.
fn due_rows(rows: &[Value]) -> Vec<Due> {
    let text = |r: &Value, k: &str| r[k].as_str().expect(k).to_string();
    rows.iter()
        .filter(|r| r["type"] == "follow_up")
        .map(|r| {
            let late = r["overdue_days"].as_i64().expect("overdue_days");
            (
                text(r, "account_name"),
                text(r, "note"),
                text(r, "due_at"),
                late,
            )
        })
        .collect()
}

fn due(account: &str, note: &str, due_at: &str, overdue_days: i64) -> Due {
    (account.into(), note.into(), due_at.into(), overdue_days)
}

/// Must be a one-line exit-2 error that writes nothing.
fn refused(b: &Bench, args: &[&str]) {
    let before = b.dump();
    let err = b.user_error(args);
    assert!(err.starts_with("salesbench: "), "{args:?}: {err}");
    assert_eq!(b.dump(), before, "{args:?} wrote to the database");
}

/// Accounts with different rhythms, all last touched in the past.
fn rhythms() -> Bench {
    let b = Bench::new();
    b.add("週次商店", &["--interval-days", "7"]);
    touch(&b, "週次商店", "2026-11-02");
    b.add("年次工業", &["--interval-days", "365"]);
    touch(&b, "年次工業", "2025-10-20");
    b.add("学習書店", &[]);
    for day in ["2026-09-01", "2026-09-11", "2026-09-21", "2026-10-01"] {
        touch(&b, "学習書店", day);
    }
    b.add("既定食堂", &[]);
    touch(&b, "既定食堂", "2026-10-01");
    b.add("離反商会", &[]);
    touch(&b, "離反商会", "2026-08-01");
    run(&b, "account edit 離反商会 --status lapsed");
    b.add("失注物産", &[]);
    touch(&b, "失注物産", "2026-01-05");
    run(&b, "account edit 失注物産 --status lost");
    b.add("保管倉庫", &[]);
    touch(&b, "保管倉庫", "2026-01-05");
    run(&b, "account archive 保管倉庫");
    b.add("最近電機", &["--interval-days", "7"]);
    touch(&b, "最近電機", "2026-11-20");
    b.add("未接触", &[]);
    b
}

#[test]
fn quiet_ranks_by_each_accounts_own_rhythm() {
    let b = rhythms();
    let rows = quiet(&b, &[]);
    for r in &rows {
        for f in QUIET_FIELDS.split_whitespace() {
            assert!(r.get(f).is_some(), "quiet row lacks {f}: {r}");
        }
    }
    // 53/10, 114/30, 21/7, 53/30, 399/365: lost, archived, fresh and
    // never-touched accounts are left out; lapsed ones stay.
    let want = ["学習書店", "離反商会", "週次商店", "既定食堂", "年次工業"];
    assert_eq!(names(&rows, "name"), want);
    let weekly = find(&rows, "週次商店");
    assert_eq!(weekly["days_silent"], 21);
    assert_eq!(weekly["expected_interval_days"].as_f64(), Some(7.0));
    assert_eq!(weekly["interval_source"], "account");
    assert_eq!(weekly["overdue_ratio"].as_f64(), Some(3.0));
    assert_eq!(weekly["last_touch_at"], "2026-11-02T00:00:00Z");
    assert_eq!(weekly["has_open_follow_up"], false);
    assert_eq!(weekly["lapse_reason"], Value::Null);
    let yearly = find(&rows, "年次工業");
    assert_eq!(yearly["days_silent"], 399, "2025-10-20 to 2026-11-23");
    assert_eq!(yearly["interval_source"], "account");
    let learned = find(&rows, "学習書店");
    assert_eq!(learned["interval_source"], "learned");
    assert_eq!(learned["expected_interval_days"].as_f64(), Some(10.0));
    assert_eq!(learned["days_silent"], 53);
    let default = find(&rows, "既定食堂");
    assert_eq!(default["interval_source"], "default");
    assert_eq!(default["expected_interval_days"].as_f64(), Some(30.0));

    // A follow-up, even a future one, is reported on the quiet row.
    follow_up(&b, "週次商店", "+2w", "様子伺い");
    let rows = quiet(&b, &[]);
    assert_eq!(find(&rows, "週次商店")["has_open_follow_up"], true);
}

#[test]
fn learning_needs_three_gaps_and_orders_count_as_touches() {
    let b = Bench::new();
    b.add("二間隔", &[]);
    for day in ["2026-09-01", "2026-09-11", "2026-09-21"] {
        touch(&b, "二間隔", day);
    }
    b.add("混合", &[]);
    touch(&b, "混合", "2026-09-01");
    run(&b, "order 混合 --amount 100 --at 2026-09-05");
    touch(&b, "混合", "2026-09-09");
    run(&b, "order 混合 --amount 100 --at 2026-09-13");
    let rows = quiet(&b, &[]);
    let got: Vec<(&str, i64, f64, &str)> = rows
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().expect(k);
            let n = r["days_silent"].as_i64().expect("days");
            let exp = r["expected_interval_days"].as_f64().expect("expected");
            (s("name"), n, exp, s("interval_source"))
        })
        .collect();
    let want = [
        ("混合", 71, 4.0, "learned"),
        ("二間隔", 63, 30.0, "default"),
    ];
    assert_eq!(got, want);
}

#[test]
fn quiet_as_of_moves_days_silent_and_limit_cuts_the_list() {
    let b = rhythms();
    let later = quiet(&b, &["--as-of", "2026-12-07"]);
    assert_eq!(find(&later, "週次商店")["days_silent"], 35);
    assert_eq!(find(&later, "週次商店")["overdue_ratio"], 5.0);
    assert_eq!(quiet(&b, &["--as-of", "+2w"]), later, "+2w is 2026-12-07");

    // Back on 2026-11-05 the weekly customer had been silent 3 days only.
    let earlier = quiet(&b, &["--as-of", "2026-11-05"]);
    assert!(!names(&earlier, "name").contains(&"週次商店".to_string()));
    assert_eq!(find(&earlier, "年次工業")["days_silent"], 381);

    let all = quiet(&b, &[]);
    let two = quiet(&b, &["--limit", "2"]);
    assert_eq!(two.len(), 2);
    assert_eq!(two[..], all[..2]);
    assert_eq!(quiet(&b, &["--limit", "1"])[0]["name"], "学習書店");
}

#[test]
fn lapse_reason_from_log_and_done_is_kept_on_the_account() {
    let b = Bench::new();
    b.add("理由商店", &[]);
    run(
        &b,
        "log 理由商店 --summary 他社へ --at 2026-08-01 --lapse-reason no_value",
    );
    let rows = quiet(&b, &[]);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["lapse_reason"], "no_value");
    b.add("事情商店", &[]);
    touch(&b, "事情商店", "2026-08-01");
    let f = follow_up(&b, "事情商店", "today", "理由を聞く");
    run(&b, &format!("done {f} --lapse-reason life_changed"));
    assert_eq!(b.show("事情商店")["lapse_reason"], "life_changed");
}

#[test]
fn today_is_overdue_oldest_first_then_today_then_quiet() {
    let b = Bench::new();
    for name in ["遅延商店", "古参商店", "時刻商店", "当日商店", "明日商店"] {
        b.add(name, &[]);
    }
    let late = follow_up(&b, "遅延商店", "2026-11-20", "三日遅れ");
    let oldest = follow_up(&b, "古参商店", "-13d", "十三日遅れ");
    let timed = follow_up(&b, "時刻商店", "today 15:00", "午後に電話");
    let plain = follow_up(&b, "当日商店", "今日", "今日中");
    let tomorrow = follow_up(&b, "明日商店", "tomorrow", "明日の件");
    // Quiet itself, but it has a follow-up: not a quiet row.
    touch(&b, "明日商店", "2026-08-01");
    b.add("週次商店", &["--interval-days", "7"]);
    touch(&b, "週次商店", "2026-11-02");
    b.add("既定食堂", &[]);
    touch(&b, "既定食堂", "2026-10-01");
    b.add("最近電機", &[]);
    touch(&b, "最近電機", "2026-11-16");

    let rows = today(&b);
    for r in &rows {
        for f in TODAY_FIELDS.split_whitespace() {
            assert!(r.get(f).is_some(), "today row lacks {f}: {r}");
        }
    }
    let types = names(&rows, "type").join(" ");
    let follow_ups = "follow_up follow_up follow_up follow_up";
    assert_eq!(types, format!("{follow_ups} quiet quiet"));
    assert_eq!(follow_up_ids(&rows[..2]), [oldest, late], "oldest first");
    let mut todays = follow_up_ids(&rows[2..4]);
    todays.sort();
    assert_eq!(todays, [timed, plain]);
    assert!(!follow_up_ids(&rows).contains(&tomorrow));
    let got = due_rows(&rows);
    assert_eq!(got[0], due("古参商店", "十三日遅れ", "2026-11-10", 13));
    assert_eq!(got[1], due("遅延商店", "三日遅れ", "2026-11-20", 3));
    assert!(got.contains(&due("時刻商店", "午後に電話", "2026-11-23T15:00", 0)));
    assert!(got.contains(&due("当日商店", "今日中", "2026-11-23", 0)));
    assert_eq!(names(&rows[4..], "account_name"), ["週次商店", "既定食堂"]);
    for q in &rows[4..] {
        assert_eq!(q["follow_up_id"], Value::Null);
        assert_eq!(q["due_at"], Value::Null);
        assert!(q["account_id"].as_i64().is_some());
    }

    // Tomorrow it is due, and today's untouched ones have become overdue.
    let next = due_rows(&today_at(&b, &morning("2026-11-24")));
    assert!(next.contains(&due("明日商店", "明日の件", "2026-11-24", 0)));
    assert!(next.contains(&due("当日商店", "今日中", "2026-11-23", 1)));
}

#[test]
fn the_day_is_the_tokyo_day() {
    // 08:00 on the 24th in Tokyo is still the 23rd in UTC.
    let b = Bench::new();
    b.add("田中商店", &[]);
    let early = "2026-11-24T08:00:00+09:00";
    follow_up(&b, "田中商店", "tomorrow", "明日の件");
    let args = ["follow-up", "田中商店", "--due", "today"];
    let f = parse_id(&ok_at(&b, early, &args));
    let rows = today_at(&b, early);
    let want = [
        due("田中商店", "明日の件", "2026-11-24", 0),
        due("田中商店", "", "2026-11-24", 0),
    ];
    assert_eq!(due_rows(&rows), want);
    assert_eq!(follow_up_ids(&rows)[1], f);
}

#[test]
fn done_logs_the_conversation_and_clears_the_follow_up() {
    let b = Bench::new();
    b.add("田中商店", &["--code", "C001"]);
    let f = follow_up(&b, "C001", "-2d", "見積の返事");
    assert_eq!(follow_up_ids(&today(&b)), [f]);
    let id = f.to_string();
    let args = [
        "done",
        &id,
        "--summary",
        "返事をもらった",
        "--body",
        "来月に発注予定",
    ];
    let conv = parse_id(&b.ok(&args));
    assert!(follow_up_ids(&today(&b)).is_empty(), "done is off today");
    assert!(follow_up_ids(&today_at(&b, &morning("2026-12-01"))).is_empty());
    let history = b.history("C001");
    let c = history
        .iter()
        .find(|r| r["type"] == "conversation" && r["id"] == conv)
        .unwrap_or_else(|| panic!("conversation {conv} not in {history:?}"));
    assert_eq!(c["summary"], "返事をもらった");
    assert_eq!(c["body"], "来月に発注予定");
    assert_eq!(c["at"], "2026-11-23T00:00:00Z", "logged now");
    assert!(quiet(&b, &[]).is_empty());
    refused(&b, &["done", &id]);
    refused(&b, &["done", &id, "--summary", "また"]);
}

#[test]
fn snooze_moves_due_at_and_keeps_it_off_today() {
    let b = Bench::new();
    b.add("田中商店", &[]);
    let f = follow_up(&b, "田中商店", "-1d", "電話する");
    run(&b, &format!("snooze {f} --until +3d"));
    assert!(follow_up_ids(&today(&b)).is_empty());
    assert!(follow_up_ids(&today_at(&b, &morning("2026-11-25"))).is_empty());
    let rows = due_rows(&today_at(&b, &morning("2026-11-26")));
    assert_eq!(rows, [due("田中商店", "電話する", "2026-11-26", 0)]);

    b.ok(&["snooze", &f.to_string(), "--until", "2026-11-27 10:00"]);
    assert!(follow_up_ids(&today_at(&b, &morning("2026-11-26"))).is_empty());
    let rows = due_rows(&today_at(&b, &morning("2026-11-28")));
    assert_eq!(rows, [due("田中商店", "電話する", "2026-11-27T10:00", 1)]);
}

#[test]
fn cancel_keeps_the_follow_up_out_for_good() {
    let b = Bench::new();
    b.add("田中商店", &[]);
    b.add("静か商店", &[]);
    touch(&b, "静か商店", "2026-08-01");
    let planned = follow_up(&b, "静か商店", "+1w", "久しぶりに電話");
    assert!(today(&b).is_empty(), "quiet but planned");
    run(&b, &format!("cancel {planned} --reason 様子見"));
    assert_eq!(quiet(&b, &[])[0]["has_open_follow_up"], false);
    let rows = today(&b);
    assert_eq!(names(&rows, "type"), ["quiet"]);
    assert_eq!(rows[0]["account_name"], "静か商店");

    let f = follow_up(&b, "田中商店", "-2d", "電話する");
    let other = follow_up(&b, "田中商店", "+5d", "訪問");
    run(&b, &format!("cancel {f} --reason 担当者退職"));
    assert!(follow_up_ids(&today(&b)).is_empty());
    let later = today_at(&b, &morning("2027-01-10"));
    assert_eq!(follow_up_ids(&later), [other], "only the other one");
    let id = f.to_string();
    refused(&b, &["snooze", &id, "--until", "tomorrow"]);
    refused(&b, &["done", &id]);
    refused(&b, &["cancel", &id, "--reason", "もう一度"]);
}

#[test]
fn auto_plan_starts_on_the_first_order_only() {
    let b = Bench::new();
    b.add("既存商店", &[]);
    run(&b, "order 既存商店 --amount 1000 --at 2026-11-01");
    parse_id(&run(
        &b,
        "plan add 初回フォロー --step 3:お礼の電話 --step 14:使い心地 --auto",
    ));
    parse_id(&run(&b, "plan add 手動 --step 7:様子見"));
    let plans = array(b.json(&["plan", "list", "--json"]));
    assert_eq!(names(&plans, "name").len(), 2);
    let auto = find(&plans, "初回フォロー");
    assert_eq!(auto["auto_on_first_order"], true);
    assert_eq!(find(&plans, "手動")["auto_on_first_order"], false);
    let steps = array(auto["steps"].clone());
    let offsets: Vec<&Value> = steps.iter().map(|s| &s["offset_days"]).collect();
    assert_eq!(offsets, [3, 14]);
    assert_eq!(names(&steps, "note"), ["お礼の電話", "使い心地"]);

    b.add("新規商店", &[]);
    b.add("過去商店", &[]);
    run(&b, "order 新規商店 --amount 5000");
    run(&b, "order 過去商店 --amount 1000 --at 2026-11-20");
    run(&b, "order 既存商店 --amount 2000");
    // Counted from the order day, not from when it was entered.
    let want = [due("過去商店", "お礼の電話", "2026-11-23", 0)];
    assert_eq!(due_rows(&today(&b)), want);
    let args = ["order", "新規商店", "--amount", "3000"];
    ok_at(&b, &morning("2026-11-24"), &args);
    let want = [
        due("過去商店", "お礼の電話", "2026-11-23", 3),
        due("新規商店", "お礼の電話", "2026-11-26", 0),
    ];
    assert_eq!(due_rows(&today_at(&b, &morning("2026-11-26"))), want);
    let want = [
        due("過去商店", "お礼の電話", "2026-11-23", 14),
        due("新規商店", "お礼の電話", "2026-11-26", 11),
        due("過去商店", "使い心地", "2026-12-04", 3),
        due("新規商店", "使い心地", "2026-12-07", 0),
    ];
    let got = due_rows(&today_at(&b, &morning("2026-12-07")));
    // Later orders, and a first order made before the plan, add nothing.
    assert_eq!(got, want);
}

#[test]
fn plan_apply_counts_from_start() {
    let b = Bench::new();
    b.add("田中商店", &[]);
    run(&b, "plan add 導入 --step 0:初回 --step 7：一週間後");
    let out = run(&b, "plan apply 導入 田中商店 --start 2026-12-01");
    let ids: Vec<i64> = out.lines().map(|l| l.parse().expect("id")).collect();
    assert_eq!(ids.len(), 2);
    let want = [
        due("田中商店", "初回", "2026-12-01", 7),
        due("田中商店", "一週間後", "2026-12-08", 0),
    ];
    assert_eq!(due_rows(&today_at(&b, &morning("2026-12-08"))), want);
    assert_eq!(follow_up_ids(&today_at(&b, &morning("2026-12-08"))), ids);
    // The same plan a second time is a choice, not an accident.
    let before = b.dump();
    let err = b.user_error(&["plan", "apply", "導入", "田中商店"]);
    assert!(
        err.contains("already applied") && err.contains("2026-11-23") && err.contains("--again"),
        "{err}"
    );
    let ja = b
        .cmd()
        .args(["--lang", "ja", "plan", "apply", "導入", "田中商店"])
        .assert()
        .code(2);
    let ja = String::from_utf8_lossy(&ja.get_output().stderr).to_string();
    assert!(ja.contains("すでに適用済み"), "{ja}");
    assert_eq!(b.dump(), before, "a refused plan wrote something");
    run(&b, "plan apply 導入 田中商店 --again");
    let want = [due("田中商店", "初回", "2026-11-23", 0)];
    assert_eq!(due_rows(&today(&b)), want);
}

/// Schedule one follow-up per case with the clock at `day` 09:00, then
/// check each one's `due_at` as `today --json` shows it years later.
fn check(day: &str, cases: &[(&str, &str)]) {
    let b = Bench::new();
    b.add("田中商店", &[]);
    let now = morning(day);
    let ids: Vec<i64> = cases
        .iter()
        .map(|(w, _)| parse_id(&ok_at(&b, &now, &["follow-up", "田中商店", "--due", w])))
        .collect();
    let rows = today_at(&b, &morning("2030-01-01"));
    let got: Vec<(&str, &str)> = ids
        .iter()
        .zip(cases)
        .map(|(id, (w, _))| {
            let r = rows.iter().find(|r| r["follow_up_id"] == *id);
            let r = r.unwrap_or_else(|| panic!("{w}: follow-up {id} not in today"));
            (*w, r["due_at"].as_str().expect("due_at"))
        })
        .collect();
    assert_eq!(got, cases, "clock at {now}");
}

#[rustfmt::skip]
const ON_MONDAY: [(&str, &str); 21] = [
    ("today", "2026-11-23"), ("tomorrow", "2026-11-24"), ("+3d", "2026-11-26"),
    ("+2w", "2026-12-07"), ("+1m", "2026-12-23"), ("mon", "2026-11-30"),
    ("tue", "2026-11-24"), ("wed", "2026-11-25"), ("thu", "2026-11-26"),
    ("fri", "2026-11-27"), ("sat", "2026-11-28"), ("sun", "2026-11-29"),
    ("2026-12-01", "2026-12-01"), ("12/1", "2026-12-01"),
    ("2026-12-01 14:30", "2026-12-01T14:30"),
    ("今日", "2026-11-23"), ("明日", "2026-11-24"), ("明後日", "2026-11-25"),
    ("3日後", "2026-11-26"), ("来週", "2026-11-30"), ("来週月曜", "2026-11-30"),
];

#[test]
fn quick_dates_resolve_on_a_monday() {
    check("2026-11-23", &ON_MONDAY);
}

#[test]
#[rustfmt::skip]
fn quick_dates_resolve_on_other_days() {
    // Thursday: 来週 is a week on, 来週月曜 the Monday of next week.
    check("2026-11-26", &[
        ("来週", "2026-12-03"), ("来週月曜", "2026-11-30"), ("mon", "2026-11-30"),
        ("thu", "2026-12-03"), ("12/1", "2026-12-01"), ("+1m", "2026-12-26"),
    ]);
    // Sunday: 来週月曜 is tomorrow.
    check("2026-11-29", &[("来週月曜", "2026-11-30"), ("sun", "2026-12-06")]);
    // Past 1 December, 12/1 is next year's.
    check("2026-12-05", &[("12/1", "2027-12-01"), ("+1m", "2027-01-05")]);
    // Month ends clamp.
    check("2027-01-31", &[("+1m", "2027-02-28")]);
}

#[test]
fn user_errors_exit_2_and_write_nothing() {
    let b = Bench::new();
    b.add("田中商店", &[]);
    b.log("田中商店", &["--summary", "初回"]);
    let open = follow_up(&b, "田中商店", "tomorrow", "電話").to_string();
    run(&b, "plan add 導入 --step 7:様子見");
    for when in ["someday", "2026-02-30", "13/1", "明日 25:00", "", "   "] {
        refused(&b, &["follow-up", "田中商店", "--due", when]);
    }
    let no = |line: &str| refused(&b, &line.split_whitespace().collect::<Vec<_>>());
    no("follow-up 田中商店 --due tomorrow --kind fax");
    no("follow-up 無名 --due tomorrow");
    no("done 9999");
    no("snooze 9999 --until tomorrow");
    no("cancel 9999 --reason 不要");
    no(&format!("snooze {open} --until someday"));
    refused(&b, &["cancel", &open, "--reason", ""]);
    refused(&b, &["cancel", &open, "--reason", "   "]);
    no(&format!("done {open} --lapse-reason bored"));
    no("log 田中商店 --lapse-reason bored");
    no("quiet --as-of someday");
    for step in ["abc", "x:note", "7:", "7", ":note", "1.5:note", "-1:note"] {
        no(&format!("plan add 新計画 --step={step}"));
    }
    no("plan add 導入 --step 3:重複");
    no("plan add 新計画 --step 3:ok --step x");
    no("plan apply 無い計画 田中商店");
    no("plan apply 導入 無名");
    // A done one can be neither snoozed nor cancelled.
    run(&b, &format!("done {open}"));
    no(&format!("snooze {open} --until tomorrow"));
    no(&format!("cancel {open} --reason 遅すぎ"));
}
