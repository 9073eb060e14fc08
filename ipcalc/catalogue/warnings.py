"""The warnings of an estimate (`warnings` in JSON: `{code, text, ...values}`), shown above
the table and on standard error beside CSV. Their codes are public: scripts test them, and
docs/json.md lists them, generated from this registry."""

from .code import Code

WARNINGS: dict[str, Code] = {
    "warn_blacklisted": Code(
        "{name}: {note}: nothing is paid, and support measures are not listed",
        "{name}:{note}:不予任何资助,亦不列出支持措施",
        when="the applicant is on the 失信 list and the policy bars it: nothing is paid",
        values="policy (id), name, note",
    ),
    "warn_loan_past_end": Code(
        "{name}: {fact} runs to {end}, past the policy's end on {until}; its subsidy counts interest that accrues after the policy has ended (the loan's whole term is counted)",
        "{name}:{fact} 至 {end} 到期,晚于政策截止日 {until};其贴息包含政策截止后产生的利息(按贷款全部期限计)",
        when="a loan runs past the policy's end and is counted for its whole term",
        values="policy (id), name, fact (path), end, until",
    ),
    "warn_repaid_early": Code(
        "{fact} is marked repaid as of {as_of}, yet its {months}-month term runs to {end}: if it was repaid early, give as its term the months it ran (the subsidy is computed on {counted} months)",
        "{fact} 标为截至 {as_of} 已还清,但其 {months} 个月的期限至 {end}:如系提前还款,请将贷款期限改为实际借款月数(贴息按 {counted} 个月计算)",
        when="a loan marked repaid before its term ends (repaid early? the subsidy is computed on the months the line says)",
        values="fact (path), as_of, end, months, counted",
    ),
    "warn_months_after_end": Code(
        "{name}: {fact} runs to {end}, past the policy's end on {until}: its last {cut} months are not subsidised (only the months up to the end date are counted: a reading of the clause)",
        "{name}:{fact} 至 {end} 到期,晚于政策截止日 {until}:最后 {cut} 个月不予贴息(仅计至政策截止日:为对条款的一种解读)",
        when="a loan runs past the policy's end, and only its months within the policy's dates are subsidised",
        values="policy (id), name, fact (path), end, until, cut",
    ),
    "warn_as_of_future": Code(
        "as of {as_of}, a date still to come (today is {today}): a projection, assuming the facts given and the policies as they will stand then",
        "估算日期 {as_of} 尚未到来(今天是 {today}):此为预测,假定所填事实不变、政策届时状态如上",
        when="`as_of` is still to come: a projection",
        values="as_of, today",
    ),
    "warn_jurisdictions": Code(
        "policies of different jurisdictions were evaluated ({policies}): a client receives only those of its own, so each jurisdiction's total is shown apart; the overall total adds figures no client can receive together",
        "所测算的政策分属不同地区({policies}):申请人只能享受其所在地区的政策,故分地区列出合计;总计相加的金额不可能同时获得",
        when="policies of different jurisdictions were evaluated (`--policy`): their total adds figures no client can receive together",
        values="policies (names)",
    ),
    "warn_user_replaces": Code(
        "{policy}: read from a policy file of your own, which replaces the bundled policy of that id",
        "{policy}:读自用户自有的政策文件,替代了同一编号的内置政策",
        when="a user policy file replaces a bundled policy",
        values="policy, path",
    ),
    "warn_user_rates": Code(
        "rates (LPR and benchmark) read from a file of your own, not the bundled ones",
        "利率(LPR 与基准利率)读自用户自有文件,而非内置数据",
        when="user rates in place of the bundled ones",
        values="path",
    ),
    "warn_source_missing": Code(
        "{policy}: its source text is not found beside the policy file, so the clauses it quotes are unchecked",
        "{policy}:政策文件旁找不到原文,所引条文未经核对",
        when="a user policy whose source text is missing (its quotes unchecked)",
        values="policy, path, source",
    ),
    "warn_reading": Code(
        "{name}: {says} (reading: {label})",
        "{name}:{says}(采用解读:{label})",
        when="the reading in force where it matters for this client (Ningxia with `srdi = false` or `blacklisted = true`)",
        values="policy (id), name, question, reading (id), label, says",
    ),
    "warn_range_approximate": Code(
        "{name}: the range was found question by question, not over all {combinations} combinations of readings (more than {limit}); it may be narrower than the true range",
        "{name}:解读区间系逐个问题求得,未穷举全部 {combinations} 种解读组合(超过 {limit} 种),实际区间可能更宽",
        when="questions sharing rules or caps have more combinations of readings than are tried one by one",
        values="policy (id), name, combinations, limit",
    ),
    "warn_reading_unused": Code(
        "{name}: a reading of it was asked for, but it is not evaluated for this profile (region {region}), so the reading changes nothing",
        "{name}:指定了其解读,但本档案(地区 {region})不适用该政策,该解读不起作用",
        when="a `--reading` names a policy that is not evaluated for this profile",
        values="policy (id), name, question, reading, region",
    ),
    "warn_notice": Code(
        "{name}: {note} ({clause})",
        "{name}:{note}({clause})",
        when="how a policy pays (Xiangzhou's clause 21), when it pays something",
        values="policy (id), name, clause, note",
    ),
    "warn_draft": Code(
        "{name}: a draft for comment (征求意见稿); its figures may change when adopted",
        "{name}:征求意见稿,正式发布时金额可能调整",
        when="a draft policy: its figures may change",
        values="policy (id), name",
    ),
    "warn_expired": Code(
        "{name}: expired on {end} (as of {as_of}); only facts dated {start} to {end} are paid, and undated facts count on the date of the estimate: an estimate as of {end} shows the policy as it stood",
        "{name}:已于 {end} 失效(估算日期 {as_of});仅 {start} 至 {end} 期间的事项可计,未注明日期的事项按估算日期计:以 {end} 为估算日期可得政策有效期内的结果",
        when="the policy had expired on `as_of`",
        values="policy (id), name, end, as_of, start",
    ),
    "warn_not_yet": Code(
        "{name}: not yet in force on {as_of} (from {start}); only facts dated from {start} are paid, and undated facts count on the date of the estimate: an estimate as of {start} or later shows it in force",
        "{name}:{as_of} 尚未生效({start} 起施行);仅 {start} 起的事项可计,未注明日期的事项按估算日期计:以 {start} 或更晚的日期为估算日期可得政策生效后的结果",
        when="the policy was not yet in force on `as_of`",
        values="policy (id), name, as_of, start",
    ),
    "warn_lpr_stale": Code(
        "{fact}: issued {day}, after the bundled LPR data (verified through {verified}); used {rate} announced {announced}, until a newer rate is known",
        "{fact}:发放日 {day} 晚于内置 LPR 数据(核对至 {verified});暂按 {announced} 公布的 {rate} 计,待公布新利率后更新",
        when="a loan dated after the bundled LPR data",
        values="fact (path), day, verified, rate, announced",
    ),
    "warn_benchmark_before": Code(
        "{fact}: issued {day}, before the PBoC benchmark rate used came into force ({since}); the rate in force then may have been different",
        "{fact}:发放日 {day} 早于所用人民银行贷款基准利率的执行日({since}),当时执行的利率可能不同",
        when="a loan issued before the bundled benchmark rate came into force",
        values="fact (path), day, since",
    ),
    "warn_lpr_after_as_of": Code(
        "{fact}: the rate is the LPR of {day}, after the date of the estimate ({as_of}); used {rate} announced {announced}, which may still change",
        "{fact}:贴息按 {day} 的 LPR 计,晚于估算日期 {as_of};暂按 {announced} 公布的 {rate} 计,届时可能变化",
        when="an LPR taken on a day after the estimate's date (the December of a repayment year still to come)",
        values="fact (path), day, as_of, rate, announced",
    ),
    "warn_future_fact": Code(
        "{fact}: dated {day}, after the date of the estimate ({as_of})",
        "{fact}:日期 {day} 晚于估算日期 {as_of}",
        when="a fact dated after `as_of`",
        values="fact (path), day, as_of",
    ),
}
