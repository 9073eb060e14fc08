"""The sentences an estimate shows, in English and Chinese: code -> (English, Chinese).
The other sentences (messages about input, `policies show`, `rates`) are in
`catalogue_extra`; `i18n.entry` looks in both.

Templates are `str.format` strings filled by `i18n.Msg`; each value is shown by its type
(money as 40,000, a share as 50%, a date as 2025-06-30, a Text or a Msg in the same
language). Text that comes from policy files is data (`i18n.Text`), never a template here.
The codes of the reasons are public: they are the `code` of each entry of an item's
`reasons` in JSON.
"""

CATALOGUE: dict[str, tuple[str, str]] = {
    # ---------------------------------------------------------------- item statuses
    "eligible": ("eligible", "可享受"),
    "capped": ("capped", "封顶"),
    "superseded": ("superseded", "就高不重复"),
    "ineligible": ("ineligible", "不符合条件"),
    "outside_validity": ("outside validity", "不在有效期"),
    "qualitative": ("qualitative", "非资金支持"),
    # ---------------------------------------------------------------- policy statuses
    "in_force": ("in force", "有效"),
    "expired": ("expired", "已失效"),
    "not_yet_in_force": ("not yet in force", "尚未生效"),
    "draft": ("draft", "征求意见稿"),
    # ---------------------------------------------------------------- applicant kinds
    "enterprise": ("enterprise", "企业"),
    "park": ("park", "园区"),
    "university": ("university", "高校院所"),
    "school": ("school", "学校"),
    "agency": ("agency", "服务机构"),
    "institute": ("research institute", "科研院所"),
    "individual": ("individual", "个人"),
    # ---------------------------------------------------------------- reasons (items' `reasons` in JSON)
    "blacklisted": ("{note}", "{note}"),
    "applicant_kind": ("for {kinds} only; this applicant is {kind}", "仅限{kinds};本申请主体为{kind}"),
    "outside_dates": (
        "dated {day}, outside the policy's dates ({start} to {end})",
        "日期 {day} 不在政策有效期({start} 至 {end})内",
    ),
    "level_not_paid": ("this policy pays {title} only at {levels} level", "本政策仅对{levels}{title}给予支持"),
    "policy_says": ("{text}", "{text}"),
    "requirement": ("{text}", "{text}"),
    "needs_field": ("needs {field} {wanted}; has {actual}", "需 {field} {wanted},现为 {actual}"),
    "capped_at": ("capped at {cap}", "封顶 {cap}"),
    "capped_at_by": ("capped at {cap} for a {value} {noun}", "{value}{noun}封顶 {cap}"),
    "bound_field": ("never more than the {field} paid ({value})", "不超过实际支付的{field}({value})"),
    "bound_actual": (
        "never more than the interest actually due ({basis} = {value})",
        "不超过实际应付利息({basis} = {value})",
    ),
    "aggregate_cut": (
        "{label}: at most {limit} in all; {room} left after earlier items",
        "{label}最高 {limit};此前各项已用 {used},余 {room}",
    ),
    "superseded_by": (
        "superseded by {label} ({amount}) in the same matter (就高不重复)",
        "同一事项就高不重复,已按{label}({amount})计",
    ),
    "pledge_share_default": (
        "pledge_share not given: taken as 1 (all the collateral is IP)",
        "未给出知识产权出质占比 pledge_share,按 1 计",
    ),
    "lpr_used": ("1-year LPR {rate}, announced {day}", "一年期 LPR {rate}({day} 公布)"),
    "lpr_used_on": ("1-year LPR {rate}, the newest on {on}, announced {day}", "一年期 LPR {rate}({on} 最新,{day} 公布)"),
    "lpr_override": ("1-year LPR {rate}, given by --lpr", "一年期 LPR {rate}(由 --lpr 指定)"),
    "lpr_none": (
        "no 1-year LPR was announced on or before {day} (the first was on {first}); pass --lpr RATE",
        "{day} 及之前尚无一年期 LPR(首次公布于 {first});可用 --lpr 指定",
    ),
    "benchmark_used": (
        "PBoC benchmark rate {rate} for loans {tenor} (in force since {since})",
        "人民银行贷款基准利率 {rate}({tenor},{since} 起执行)",
    ),
    "months_limited": ("subsidised for {used} of {months} months", "贴息期限按 {used} 个月计(贷款 {months} 个月)"),
    "year_sum": ("{n} deals in {year}", "{year} 年共 {n} 笔"),
    "no_value_in_force": (
        "no value of this rule is in force on {day} (its first applies from {first})",
        "{day} 本规则尚无适用的标准(最早自 {first} 起适用)",
    ),
    "units_limited": ("{used} of {units} counted: at most {used} for one entry", "计 {used} 个(共 {units} 个):每条记录最多计 {used} 个"),
    "fixed_rate_used": ("fixed rate {rate} a year", "固定年利率 {rate}"),
    "rate_date_needed": ("needs the loan's {field} (the date the reference rate is taken on)", "需填写贷款的{field}(据以确定参考利率的日期)"),
    "actual_rate_needed": ("needs the loan's own rate (rate = ...) to compute the subsidy", "需填写贷款合同利率(rate)方可计算贴息"),
    "actual_rate_used": ("the loan's own rate {rate}", "按贷款合同利率 {rate}"),
    "actual_rate_lower": ("the loan's own rate {rate}, lower than the reference rate", "贷款合同利率 {rate} 低于参考利率,按合同利率计"),
    "actual_rate_ceiling": ("the loan's own rate {rate}, counted at most at {ceiling}", "贷款合同利率 {rate},最高按 {ceiling} 计"),
    # ---------------------------------------------------------------- words inside reasons
    "qualitative_note": ("a support measure with no cash amount", "非资金支持措施,无金额"),
    "not_given": ("not given", "未填写"),
    "open_start": ("the start", "起始"),
    "open_end": ("no end date", "无截止"),
    "interest_due": ("interest actually due", "实际应付利息"),
    "cap_item": ("cap per item", "单项上限"),
    "cap_label_year": ("{label} ({year})", "{label} ({year})"),
    "cap_label_period": ("{label} ({start} to {end})", "{label}({start} 至 {end})"),
    "cap_label_by": ("{label} ({value})", "{label}({value})"),
    "title_at_level": ("{title} ({level})", "{level}{title}"),
    "op_eq": ("= {value}", "= {value}"),
    "op_ne": ("not {value}", "不为 {value}"),
    "op_in": ("one of {values}", "为 {values} 之一"),
    "op_not_in": ("none of {values}", "不为 {values} 中任一"),
    "op_min": (">= {value}", ">= {value}"),
    "op_max": ("<= {value}", "<= {value}"),
    "op_gt": ("> {value}", "> {value}"),
    "sep_and": (" and ", " 且 "),
    "sep_or": (" or ", " 或 "),
    "sep_times": (" × ", " × "),
    "sep_semicolon": ("; ", ";"),
    # ---------------------------------------------------------------- arithmetic (basis, explain steps)
    "basis_subject": ("{subject}: {amount}", "{subject}:{amount}"),
    "basis_of": ("{basis} ({name})", "{basis}({name})"),
    "step_base": ("base: {basis} = {value}", "基数:{basis} = {value}"),
    "step_bound": ("{what}: {limit} → {value}", "{what}:{limit} → {value}"),
    "step_bound_ok": ("{what}: {limit}, not reached", "{what}:{limit},未触及"),
    "step_round": ("rounded half-up to the fen: {value}", "四舍五入到分:{value}"),
    "step_aggregate": ("{label}: {room} left of {limit} → {value}", "{label}:{limit} 余 {room} → {value}"),
    "step_status": ("status: {status}; amount 0", "状态:{status};金额 0"),
    # ---------------------------------------------------------------- warnings
    "warn_draft": (
        "{policy}: a draft for comment (征求意见稿); its figures may change when adopted",
        "{policy}:征求意见稿,正式发布时金额可能调整",
    ),
    "warn_expired": (
        "{policy}: expired on {end} (as of {as_of}); only facts dated {start} to {end} are paid",
        "{policy}:已于 {end} 失效(估算日期 {as_of});仅 {start} 至 {end} 期间的事项可计",
    ),
    "warn_not_yet": (
        "{policy}: not yet in force on {as_of} (from {start}); only facts dated from {start} are paid",
        "{policy}:{as_of} 尚未生效({start} 起施行);仅 {start} 起的事项可计",
    ),
    "warn_lpr_stale": (
        "{fact}: issued {day}, after the bundled LPR data (verified through {verified}); used {rate} announced {announced}; pass --lpr RATE to override",
        "{fact}:发放日 {day} 晚于内置 LPR 数据(核对至 {verified});按 {announced} 公布的 {rate} 计;可用 --lpr 指定",
    ),
    "warn_future_fact": ("{fact}: dated {day}, after as_of {as_of}", "{fact}:日期 {day} 晚于估算日期 {as_of}"),
    # ---------------------------------------------------------------- tables and documents
    'clause': ('clause', '条款'),
    'item': ('item', '项目'),
    'basis': ('basis', '计算依据'),
    'uncapped': ('uncapped', '未封顶'),
    'cap': ('cap', '上限'),
    'amount': ('amount', '金额'),
    'status': ('status', '状态'),
    'note': ('note', '说明'),
    'total': ('total', '合计'),
    'grand_total': ('total, all policies', '全部政策合计'),
    'warnings': ('warnings', '提示'),
    'as_of': ('as of', '估算日期'),
    'no_items': ('nothing in this profile matches this policy', '本档案无适用本政策的事项'),
    'no_policies': ('no policy applies', '无适用政策'),
    'unit_yuan': ('yuan', '元'),
    'unit_wan': ('10,000 yuan', '万元'),
    'clause_text_prefix': ('clause text: ', '条款原文:'),
    'interpretation': ('interpretation', '解释口径'),
    'document': ('document', '文号'),
    'valid': ('valid', '有效期'),
    'policy': ('policy', '政策'),
    'batch_failed': ('ipcalc batch: {failed} of {total} profiles failed', 'ipcalc batch:{total} 个档案中有 {failed} 个失败'),
    'init_wrote': ('wrote {path}; edit it, then run: ipcalc estimate {path}', '已写入 {path};编辑后运行:ipcalc estimate {path}'),
    'problems': ('{n} problems', '{n} 个问题'),
    'one_problem': ('1 problem', '1 个问题'),
    'differ_most': ('where they differ most', '差异最大的事项'),
    'fact': ('facts', '事项'),
    'nothing_differs': ('every policy pays the same for every fact', '各政策对各事项的支持相同'),
}
