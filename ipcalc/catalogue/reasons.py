"""The reasons an item gives (the `reasons` of an item in JSON: why it is not paid in full, or
how it was computed) and the stages of its arithmetic (`trace`, with --explain). Their codes
are public: scripts test them, and docs/json.md lists them, generated from this registry."""

from .code import Code

REASONS: dict[str, Code] = {
    "blacklisted": Code(
        "on the 失信 list: not paid ({clause}; see the warning)",
        "列入失信名单:不予支持({clause},见提示)",
        when="the applicant is on the 失信 list and the policy bars it (a warning quotes the clause once)",
        values="clause",
    ),
    "applicant_kind": Code(
        "only for: {kinds} (this applicant: {kind})",
        "仅限{kinds}(本申请主体:{kind})",
        when="the rule is for other kinds of applicant",
        values="kinds (codes), kind",
    ),
    "outside_dates": Code(
        "dated {day}, outside the policy's dates ({start} to {end})",
        "日期 {day} 不在政策有效期({start} 至 {end})内",
        when="the fact's date is outside the policy's dates",
        values="day, start, end",
    ),
    "level_not_paid": Code(
        "this policy pays {title} only at {levels} level",
        "本政策仅对{levels}{title}给予支持",
        when="a title at a level the rule does not pay",
        values="title, levels",
    ),
    "policy_says": Code("{text}", "{text}", when="the policy leaves this out, in its own words", values="text"),
    "requirement": Code("{text}", "{text}", when="a requirement of the rule fails, in the policy's words", values="text"),
    "needs_field": Code(
        "needs {field} {wanted}; has {actual}", "需 {field} {wanted},现为 {actual}", when="a requirement fails", values="field, wanted, actual"
    ),
    "date_missing": Code(
        "{field} not given: the rule compares dates",
        "未填写{field}:本条款需比较日期",
        when="a date a condition compares is not given (the fact's, or the one it is compared with)",
        values="field",
    ),
    "base_limited": Code(
        "counted on {counted} of {given}: at most {limit} is counted",
        "按 {counted} 计(实际 {given}):最多计 {limit}",
        when="the rule counts at most `max_base` of the base (a loan's principal, a premium), for each fact, the applicant or the year",
        values="counted, given, limit",
    ),
    "top_up_used": Code(
        "topped up from the loan's rate {actual} towards {target}: {rate}",
        "贷款利率 {actual} 补贴至 {target}:补贴利率 {rate}",
        when="an interest top-up: the difference between a target rate and the loan's own, at most a ceiling",
        values="target, actual, rate",
    ),
    "paid_to": Code(
        "paid to {payee}, not to the applicant: not in the client's total",
        "支付给{payee},而非申请人:不计入客户合计",
        when="the rule pays someone other than the applicant (`payee`)",
        values="payee",
    ),
    "units_missing": Code(
        "{field} not given: nothing is counted",
        "未填写{field}:不予计数",
        when="the count a rule pays per unit of is left out of an entry (no default)",
        values="field",
    ),
    "by_missing": Code(
        "{field} not given: counted on its own, with no other entry",
        "未填写{field}:单独计算,不与其他记录合并",
        when="an entry lacks the field a cap or a `best` groups entries by",
        values="field",
    ),
    "unit_limit_year": Code(
        "at most {most} a year ({year}), the best-paying first: {counted} of its {units} counted",
        "每年({year})最多 {most} 件,按金额从高到低计:本项 {units} 件中计 {counted} 件",
        when="a rule pays at most N units a year (`unit_limit`), and this entry's are beyond them in part or whole",
        values="most, year, counted, units",
    ),
    "unit_limit": Code(
        "at most {most} for the applicant, the best-paying first: {counted} of its {units} counted",
        "每个申请人最多 {most} 件,按金额从高到低计:本项 {units} 件中计 {counted} 件",
        when="a rule pays at most N units per applicant (`unit_limit`), and this entry's are beyond them in part or whole",
        values="most, counted, units",
    ),
    "not_among_best": Code(
        "only the best {units} of the entries with the same {field} are paid (the least of them: {least})",
        "同一{field}仅奖励金额最高的 {units} 项(其中最低:{least})",
        when="a rule pays only the best N entries sharing a value (`best`), and this one is not among them",
        values="units, field, least",
    ),
    "scheduled_on": Code(
        "falls due on {due}: not paid yet, not in the total",
        "{due} 到期:尚未支付,不计入合计",
        when="an instalment that falls due after the estimate's date (status `scheduled`)",
        values="due",
    ),
    "months_to_date": Code(
        "subsidised for its {used} whole months up to {field} ({day}), not its term of {months}",
        "按至{field}({day})的 {used} 个整月贴息,而非贷款期限 {months} 个月",
        when="the months counted stop at a date of the loan (`months_until`: repaid early)",
        values="used, months, field, day",
    ),
    "capped_at": Code("capped at {cap}", "封顶 {cap}", when="the cap per item bit", values="cap"),
    "capped_at_by": Code(
        "capped at {cap} for a {value} {noun}",
        "{value}{noun}封顶 {cap}",
        when="the cap for this kind of fact bit (a foreign case)",
        values="cap, value, noun",
    ),
    "bound_field": Code(
        "never more than the {field} ({value})", "不超过{field}({value})", when="never more than the fee paid", values="field, value"
    ),
    "bound_actual": Code(
        "never more than the interest actually due ({basis} = {value})",
        "不超过实际应付利息({basis} = {value})",
        when="never more than the interest actually due",
        values="basis, value",
    ),
    "aggregate_cut": Code(
        "{label}: at most {limit} in all; {room} left after earlier items",
        "{label}最高 {limit};此前各项已用 {used},余 {room}",
        when="a cap over several items (per applicant, per year) cut this one",
        values="label, limit, room, used",
    ),
    "superseded_by": Code(
        "superseded by {label} ({amount}) in the same matter (就高不重复)",
        "同一事项就高不重复,已按{label}({amount})计",
        when="a higher item of the same matter is paid instead (就高不重复)",
        values="label, amount",
    ),
    "pledge_share_default": Code(
        "{field} not given: taken as 100% (all the collateral is IP)",
        "未给出{field},按 100% 计",
        when="the loan's IP share was not given: 1",
        values="field",
    ),
    "lpr_used": Code(
        "1-year LPR {rate}, announced {day}", "一年期 LPR {rate}({day} 公布)", when="the 1-year LPR taken", values="rate, day (announced)"
    ),
    "lpr_used_on": Code(
        "1-year LPR {rate}, the newest on {on}, announced {day}",
        "一年期 LPR {rate}({on} 最新,{day} 公布)",
        when="the 1-year LPR newest on another date than the issue (the month before the contract, December of the repayment year)",
        values="rate, on, day (announced)",
    ),
    "lpr_override": Code(
        "1-year LPR {rate}, as given for this estimate", "一年期 LPR {rate}(本次测算指定)", when="the LPR given by `--lpr`", values="rate"
    ),
    "lpr_none": Code(
        "no 1-year LPR was announced on or before {day} (the first was on {first}): give the rate to use",
        "{day} 及之前尚无一年期 LPR(首次公布于 {first}):需另行给定利率",
        when="no LPR was announced yet on the loan's date",
        values="day, first",
    ),
    "benchmark_used": Code(
        "PBoC benchmark rate {rate} for loans {tenor} (in force since {since})",
        "人民银行贷款基准利率 {rate}({tenor},{since} 起执行)",
        when="the PBoC benchmark rate taken",
        values="rate, tenor, since",
    ),
    "months_limited": Code(
        "subsidised for {used} of {months} months",
        "贴息期限按 {used} 个月计(贷款 {months} 个月)",
        when="interest subsidised for fewer months than the loan runs",
        values="used, months",
    ),
    "year_sum": Code("{n} deals in {year}", "{year} 年共 {n} 笔", when="several facts of one calendar year summed", values="n, year"),
    "field_missing": Code(
        "{field} is not given: needed to know whether this is paid",
        "未填写{field}:无法判断是否符合条件",
        when="the rule reads a field of the fact (in `select`) that the profile does not give: never left out silently",
        values="field",
    ),
    "bound_missing": Code(
        "{field} is not given: this is never more than it",
        "未填写{field}:补贴不超过该金额",
        when="the amount an item may not exceed (`bound`: a fee, the interest paid) is not given",
        values="field",
    ),
    "needs_compared": Code(
        "needs {field} {wanted} ({value}; this one: {actual})",
        "需{field}{wanted}({value};本项:{actual})",
        when="a number compared with a reference rate on a date of the fact, or with another field, fails",
        values="field, wanted, value, actual",
    ),
    "compared_unknown": Code(
        "{field} is compared with {what}, which is not known for this entry",
        "{field}须与{what}比较,本项无法确定",
        when="the date, the field or the reference rate a comparison needs is not known",
        values="field, what",
    ),
    "revenue_missing": Code(
        "{field} of {year} is not given: needed to know whether this is paid",
        "未填写{year}年度{field}:无法判断是否符合条件",
        when="a condition reads a figure of the client's scale (revenue, R&D spending) for a year the profile does not give",
        values="field, year",
    ),
    "bracket_single": Code(
        "the whole amount at the rate of its bracket (up to {up_to})",
        "全额按所在档({up_to}以内)的比例计算",
        when="a single-rate scale: the whole base at its bracket's share or amount",
        values="up_to",
    ),
    "bracket_single_top": Code(
        "the whole amount at the rate of the top bracket",
        "全额按最高一档的比例计算",
        when="a single-rate scale: the base falls in the open top bracket",
        values="",
    ),
    "above_brackets": Code(
        "{base} is above the last bracket ({top}): the policy pays nothing for it",
        "{base}超出最高一档({top}):政策对此不予支持",
        when="a single-rate scale whose brackets end below the base",
        values="base, top",
    ),
    "no_value_in_force": Code(
        "no value of this rule is in force on {day} (its first applies from {first})",
        "{day} 本规则尚无适用的标准(最早自 {first} 起适用)",
        when="an amount, share or rate of the policy that changed on dates had no value yet on the fact's date",
        values="day, first",
    ),
    "units_limited": Code(
        "{used} of {units} counted: at most {used} for one entry",
        "计 {used} 个(共 {units} 个):每条记录最多计 {used} 个",
        when="an entry counts more units than the rule counts for one entry (at most 3 countries a patent)",
        values="used, units",
    ),
    "fixed_rate_used": Code("fixed rate {rate} a year", "固定年利率 {rate}", when="a fixed annual rate of the policy taken", values="rate"),
    "rate_date_needed": Code(
        "needs the loan's {field} (the date the reference rate is taken on)",
        "需填写贷款的{field}(据以确定参考利率的日期)",
        when="the loan lacks the date its reference rate is taken on",
        values="field",
    ),
    "loan_past_end": Code(
        "the loan runs to {end}, past the policy's end on {until}: counted for its whole term, though the interest after the end may not be subsidised",
        "贷款至 {end} 到期,晚于政策截止日 {until}:按全部期限计算,但截止后的利息可能不予贴息",
        when="the loan runs past the policy's end and is counted for its whole term",
        values="end, until",
    ),
    "months_to_policy_end": Code(
        "subsidised for the {used} months that run within the policy's dates (to {until}); the {cut} after it are not",
        "贴息按政策有效期内(至 {until})的 {used} 个月计;此后 {cut} 个月不予贴息",
        when="only the loan's months within the policy's dates are subsidised (the reading in force), and the loan runs past its end",
        values="used, cut, until",
    ),
    "actual_rate_needed": Code(
        "needs the loan's own rate (rate = ...) to compute the subsidy",
        "需填写贷款合同利率(rate)方可计算贴息",
        when="the subsidy is computed on the loan's own rate, not given",
        values="",
    ),
    "actual_rate_used": Code("the loan's own rate {rate}", "按贷款合同利率 {rate}", when="the loan's own rate taken", values="rate"),
    "actual_rate_lower": Code(
        "the loan's own rate {rate}, lower than the reference rate",
        "贷款合同利率 {rate} 低于参考利率,按合同利率计",
        when="the loan's own rate, lower than the reference, taken",
        values="rate",
    ),
    "actual_rate_ceiling": Code(
        "the loan's own rate {rate}, counted at most at {ceiling}",
        "贷款合同利率 {rate},最高按 {ceiling} 计",
        when="the loan's own rate, counted at most at a ceiling over the reference",
        values="rate, ceiling",
    ),
    "needs_any": Code("needs {conditions}", "需满足:{conditions}", when="none of a requirement's alternatives holds", values="conditions"),
}

TRACE: dict[str, Code] = {
    "step_base": Code("base: {basis} = {value}", "基数:{basis} = {value}", when="the base amount, exact", values="value"),
    "step_bound": Code(
        "{what}: {limit} → {value}", "{what}:{limit} → {value}", when="a bound (a cap, a fee paid, the interest due) bit", values="what, limit, value"
    ),
    "step_bound_ok": Code("{what}: {limit}, not reached", "{what}:{limit},未触及", when="a bound was not reached", values="what, limit"),
    "step_round": Code("rounded half-up to the fen: {value}", "四舍五入到分:{value}", when="rounded half-up to the fen", values="value"),
    "step_aggregate": Code(
        "{label}: {room} left of {limit} → {value}",
        "{label}:{limit} 余 {room} → {value}",
        when="a cap over several items cut this one",
        values="label, room, limit, value",
    ),
    "step_status": Code("status: {status}; amount 0", "状态:{status};金额 0", when="the item pays nothing, with its status", values="status"),
}
