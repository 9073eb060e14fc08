"""What ipcalc says about input it cannot use: profiles, flags, policy, vocabulary, rates and
cases files, standard streams. Each is one line of an error, with the file, line and field
path before it. code -> (English, Chinese)."""

PROBLEMS: dict[str, tuple[str, str]] = {
    "list_no_fact_flags": (
        "{flag} describes one client: a client list takes each client's facts from its profile",
        "{flag} 只描述一个客户:客户名单的情况取自各自的档案",
    ),
    "declared_date_field": ("{field} is not a date field of this section", "{field} 不是本节的日期字段"),
    "declared_section_empty": (
        "a section needs at least one field ([sections.NAME.fields.FIELD])",
        "列表节至少需要一个字段([sections.NAME.fields.FIELD])",
    ),
    "declared_name_taken": (
        "{name!r} is already a {what} (or reserved); choose another name",
        "{name!r} 已是{what}(或为保留名);请换一个名称",
    ),
    "declared_choice_values": (
        "a choice needs values: a list of names, or a table name = {{ en, zh }}; got {got}",
        "选项字段需要 values:名称列表,或 名称 = {{ en, zh }} 的表;实为 {got}",
    ),
    "declared_differently": (
        "{name!r} is declared by another policy folder, differently: {what}; declare it the same way in both (the help may differ), or choose another name",
        "{name!r} 已由另一政策文件夹以不同方式声明:{what};请两处声明一致(说明文字可以不同),或换一个名称",
    ),
    "declared_flag_taken": (
        "its flag --{flag} is already an option of ipcalc's commands or another fact's; choose another name (or `flag` for a section)",
        "其命令行选项 --{flag} 已被 ipcalc 的选项或其他事实占用;请换一个名称(部分可另设 flag)",
    ),
    "declared_more_values": (
        "new values for a choice ipcalc has: a table name = {{ en, zh }}; got {got}",
        "为已有选项字段增加取值:名称 = {{ en, zh }} 的表;实为 {got}",
    ),
    "declared_value_taken": ("{name!r} is already a value of this field", "{name!r} 已是此字段的取值"),
    "declared_values_not_choice": ("values are for a choice field only", "values 仅用于选项字段"),
    "bad_flag": (
        "{text!r} is not a valid flag; use lower-case letters, digits and -",
        "{text!r} 不是有效的参数名;请用小写字母、数字和 -",
    ),
    "double_patents": (
        'give invention patents granted abroad either as this count or as [[patents]] entries with route = "foreign", not both (they would be counted twice)',
        '国外授权发明专利请只用此数量或 route = "foreign" 的 [[patents]] 记录之一填写,不要同时填写(否则会重复计算)',
    ),
    "double_trademarks": (
        'give trademarks registered abroad either as this count or as [[trademarks]] entries with type = "madrid", not both (they would be counted twice)',
        '国外注册商标请只用此数量或 type = "madrid" 的 [[trademarks]] 记录之一填写,不要同时填写(否则会重复计算)',
    ),
    "country_needed": (
        "missing; a patent granted abroad needs its country (ISO 3166 alpha-2, or EP)",
        "缺少;国外授权专利需填写国家或地区(ISO 3166 两字母代码或 EP)",
    ),
    "country_not_foreign": (
        'only for route = "foreign"; this patent\'s route is {route!r}',
        '仅用于 route = "foreign";此专利途径为 {route!r}',
    ),
    "expected_conditions_any": (
        "expected a list of two or more conditions, got {raw_shown}",
        "应为两个或更多条件的列表,实为 {raw_shown}",
    ),
    "bad_grouping": (
        "{text!r} has its thousands separators in the wrong places; group the digits by three (3,000,000) or leave the separators out (3000000)",
        "{text!r} 的千位分隔符位置有误;请每三位一组(3,000,000)或不加分隔符(3000000)",
    ),
    "implausible_percent": (
        "{text} is not a plausible rate: give a percentage from 0% to 100% (3.85%) or a fraction (0.0385)",
        "{text} 不是合理的利率:请给出 0% 至 100% 的百分数(3.85%)或小数(0.0385)",
    ),
    "bare_key_needs_value": (
        "{key} needs a value: {key}=...; a key alone means true only for a yes/no field",
        "{key} 需要取值:{key}=……;单写键名仅对是/否字段表示 true",
    ),
    "write_failed": ("cannot write the output: {reason}", "无法写入输出:{reason}"),
    "write_failed_records": (
        "cannot write the output: {reason}; the records written before are whole",
        "无法写入输出:{reason};此前写入的记录完整",
    ),
    "bom_only_csv": ("a byte-order mark is for --format csv", "字节顺序标记仅用于 --format csv"),
    "outside_range": ("{value} is outside [{minimum}, {maximum}]", "{value} 不在 [{minimum}, {maximum}] 内"),
    "keys_exclusive": ("give only one of {keys}", "{keys} 只能给出其一"),
    "dated_empty": (
        "expected at least one {{ from = DATE, value = ... }}",
        "至少需要一个 {{ from = 日期, value = ... }}",
    ),
    "dated_order": (
        "dated values must be in increasing date order: {day} is not after {previous}",
        "按日期的取值须按日期递增:{day} 不晚于 {previous}",
    ),
    "ceiling_one": (
        "give one of factor (1.4 for 1.4 times the reference) or spread (0.005 for 0.5 points above it)",
        "请给出 factor(如 1.4 表示参考利率的 1.4 倍)或 spread(如 0.005 表示高出 0.5 个百分点)之一",
    ),
    "expected_factor": ("expected a factor above 0, such as 1.4, got {got}", "应为大于 0 的倍数,如 1.4,实为 {got}"),
    "expected_month_day": (
        'expected a month and day as MM-DD, such as "07-01", got {got}',
        '应为 MM-DD 形式的月日,如 "07-01",实为 {got}',
    ),
    "year_start_needed": (
        "a cap per application year needs year_start (MM-DD, the day the year starts)",
        "按申报年度的上限需要 year_start(MM-DD,年度起始日)",
    ),
    "year_start_only_application": (
        'year_start is for per = "application_year"',
        'year_start 仅用于 per = "application_year"',
    ),
    "cap_by_field": (
        "{field!r} is not a field of {section}, the facts of the capped rules",
        "{field!r} 不是被限额规则的事项 {section} 的字段",
    ),
    "question_twice": ("question {id!r} is declared twice", "问题 {id!r} 重复声明"),
    "readings_needed": (
        "a question needs two or more [[questions.readings]], the first being the rules as written",
        "问题至少需要两个 [[questions.readings]],第一个即规则原文的解读",
    ),
    "reading_twice": ("reading {id!r} is declared twice in this question", "本问题中解读 {id!r} 重复声明"),
    "reading_rule_unknown": ("no rule {name!r} in this policy{hint}", "本政策没有规则 {name!r}{hint}"),
    "reading_cap_unknown": (
        "no cap {name!r} in this policy{hint} (a cap's keys, not its id, may change)",
        "本政策没有上限 {name!r}{hint}(可改上限的键,不可改其 id)",
    ),
    "reading_change_keys": (
        "expected a table of the rule's keys to change (not its id or kind)",
        "应为要更改的规则键组成的表(不可改 id 或 kind)",
    ),
    "first_reading_changes": (
        "the first reading is the default: the rules as written, so it changes nothing; put its changes in the rules",
        "第一个解读即默认解读,即规则原文,不应有更改;请将其更改写入规则",
    ),
    "unknown_reading": (
        "unknown reading {text!r}{hint}; give POLICY.QUESTION=READING, one of: {allowed}",
        "未知解读 {text!r}{hint};请写作 政策.问题=解读,可选:{allowed}",
    ),
    "cases_needed": (
        "expected at least one [[cases]] entry, a table with name, profile and expect",
        "至少需要一个 [[cases]] 条目(含 name、profile、expect 的表)",
    ),
    "case_expect_needed": (
        "missing; a case needs [cases.expect] with total and/or rule ids and their amounts",
        "缺少;用例需要 [cases.expect],给出 total 和/或规则编号及金额",
    ),
    "case_rule_unknown": (
        "{rule!r} is not a rule of policy {policy}{hint}; its rules: {allowed}",
        "{rule!r} 不是政策 {policy} 的规则{hint};其规则:{allowed}",
    ),
    "case_policy_unknown": (
        'this file tests policy {id!r} (its name without .cases.toml), which is not loaded{hint}; name it with policy = "ID", or pass its folder; known: {allowed}',
        '此文件测试政策 {id!r}(文件名去掉 .cases.toml),但未加载该政策{hint};请用 policy = "ID" 指明,或给出其所在文件夹;已有:{allowed}',
    ),
    "case_as_of_needed": (
        "missing; a case needs a date, so it gives the same result on any day: as_of here, at the top of the file, or in its profile",
        "缺少;用例需要日期,以便任何一天运行结果相同:在此、文件开头或其 profile 中给出 as_of",
    ),
    "above_max_money": (
        "{amount} is more than the largest amount accepted ({MAX_MONEY_TEXT})",
        "{amount} 超过可接受的最大金额({MAX_MONEY_TEXT})",
    ),
    "above_maximum": ("{value} is above the maximum of {limit}", "{value} 大于最大值 {limit}"),
    "bad_id": (
        "{text!r} is not a valid id; use lower-case letters, digits and _",
        "{text!r} 不是有效 id;请用小写字母、数字和 _",
    ),
    "below_minimum": ("{value} is below the minimum of {minimum}", "{value} 小于最小值 {minimum}"),
    "bilingual_missing": ("needs non-empty text for {join} (English and Chinese)", "{join} 需填写非空文本(英文和中文)"),
    "binary_file": ("this is a binary file, not TOML text", "这是二进制文件,不是 TOML 文本"),
    "bundled_data_broken": (
        "the bundled vocabulary.toml or rates.toml is missing or broken",
        "内置的 vocabulary.toml 或 rates.toml 缺失或损坏",
    ),
    "cannot_read": ("cannot be read: {reason}", "无法读取:{reason}"),
    "not_regular_file": (
        "is not a regular file (a device, a named pipe?): only files are read",
        "不是普通文件(设备或命名管道?):只读取普通文件",
    ),
    "file_too_large": ("is larger than {limit}, the most ipcalc reads from one file", "超过 {limit}(单个文件读取上限)"),
    "stdin_closed": (
        "standard input is closed: give a file, or pipe the profiles in",
        "标准输入已关闭:请给出文件,或通过管道输入",
    ),
    "stdin_write_only": (
        "standard input is open for writing only: nothing can be read from it; give the profiles on standard input (< file, or a pipe)",
        "标准输入仅以写方式打开,无法读取;请从标准输入提供档案(< 文件,或管道)",
    ),
    "cannot_write": ("cannot write: {reason}", "无法写入:{reason}"),
    "library_expected": (
        "expected a library from ipcalc.load_library(...), got {got}",
        "应为 ipcalc.load_library(...) 返回的策略库,实为 {got}",
    ),
    "format_not_text": (
        "{format!r} is not a text format of this result; one of {offered} (a workbook: .save(path) or .to_bytes())",
        "{format!r} 不是此结果的文本格式;可选 {offered}(工作簿请用 .save(path) 或 .to_bytes())",
    ),
    "format_no_text": (
        "this result is a workbook, not text: .save(path) writes it, .to_bytes() gives it",
        "此结果是工作簿而非文本:请用 .save(path) 写入文件,或 .to_bytes() 取得内容",
    ),
    "calendar_years_no_months": (
        'with years = "calendar", instalments fall due on 1 January: after_months has no meaning',
        'years = "calendar" 时各期于1月1日到期:after_months 无意义',
    ),
    "looks_like_profile": (
        "looks like a client's profile, not a policy file: every *.toml of a policy folder is read as a policy; keep profiles elsewhere",
        "这像是客户画像而非政策文件:政策文件夹中的每个 *.toml 都按政策读取;请将画像放在其他位置",
    ),
    "policy_vocabulary_broken": (
        "not read: the fields and words it uses are declared in {vocabulary}, which has problems (said above)",
        "未读取:其所用字段与词汇在 {vocabulary} 中声明,该文件有误(见上)",
    ),
    "expected_unset": ('expected unset.RULE = ["key", ...], got {got}', '应为 unset.规则 = ["键", ...],实为 {got}'),
    "unset_key_unknown": (
        "{key!r} is not a key the rule has, or one that cannot be unset",
        "{key!r} 不是该规则已有的键,或不能取消",
    ),
    "reading_cap_exists": (
        "the policy has a cap {name!r}: change it with change_caps.{name}",
        "政策已有上限 {name!r}:请用 change_caps.{name} 修改",
    ),
    "expected_offset": (
        '{op} takes a date, a date field, "as_of", or {{ years = N, of = ... }} (or months = N; same_year_as: years only), got {raw_shown}',
        '{op} 应为日期、日期字段、"as_of",或 {{ years = N, of = ... }}(或 months = N;same_year_as 仅可用 years),实为 {raw_shown}',
    ),
    "expected_compared": (
        'expected a number, or {{ reference = "lpr", at = DATE FIELD, factor = ..., spread = ... }} or {{ field = ..., factor = ... }}, got {raw_shown}',
        '应为数字,或 {{ reference = "lpr", at = 日期字段, factor = ..., spread = ... }},或 {{ field = ..., factor = ... }},实为 {raw_shown}',
    ),
    "compared_field": ("compared with {got}: not a number field of the fact", "比较对象 {got} 不是该记录的数值字段"),
    "compared_reference": (
        'reference = {got}: a rate field is compared with "lpr" or "benchmark"',
        'reference = {got}:利率字段只能与 "lpr" 或 "benchmark" 比较',
    ),
    "compared_at": ("at = {got}: not a date field of the fact", "at = {got} 不是该记录的日期字段"),
    "year_only_scale": (
        "year applies to a figure of the client's scale ({fields})",
        "year 仅用于企业规模数据({fields})",
    ),
    "group_of_needs_year": (
        'of names the date field of a group per year: give per = "year"',
        'of 用于按年度的互斥组:请写 per = "year"',
    ),
    "unit_limit_needs_date": (
        "a limit per year needs a date field of the entries (of = ...)",
        "按年度限额需要记录的日期字段(of = ...)",
    ),
    "scale_needs_brackets": (
        "scale applies to brackets: give brackets = [...]",
        "scale 用于分档:请给出 brackets = [...]",
    ),
    "brackets_needed": (
        "expected brackets = [{{ up_to = ..., share = ... }}, ..., {{ share = ... }}], got {raw_shown}",
        "应为 brackets = [{{ up_to = ..., share = ... }}, ..., {{ share = ... }}],实为 {raw_shown}",
    ),
    "bracket_share_needed": ("a bracket of a marginal scale needs a share", "累进分档每档需要 share"),
    "bracket_share_or_amount": (
        "a bracket needs a share or an amount (one of them)",
        "每档需要 share 或 amount(二者之一)",
    ),
    "bracket_up_to_needed": ("only the last bracket may leave out up_to", "只有最后一档可以不写 up_to"),
    "brackets_rise": (
        "up_to = {up_to} is not above the bracket before ({previous}): brackets rise",
        "up_to = {up_to} 不高于上一档({previous}):各档须递增",
    ),
    "schedule_too_long": ("a schedule of {given} instalments; at most {most}", "分期 {given} 期;最多 {most} 期"),
    "readings_too_many": ("{given} readings; a question has at most {most}", "{given} 种解读;每个问题最多 {most} 种"),
    "questions_too_many": ("{given} questions; a policy has at most {most}", "{given} 个问题;每项政策最多 {most} 个"),
    "path_unusable": ("cannot use this path: {reason}", "无法使用此路径:{reason}"),
    "target_not_regular": (
        "is a device, a named pipe or a socket: ipcalc writes only regular files (- writes to standard output)",
        "这是设备、命名管道或套接字:ipcalc 只写普通文件(- 表示写到标准输出)",
    ),
    "target_is_input": (
        "is the profile being read: write the output to another file",
        "这是正在读取的档案:请把输出写到另一个文件",
    ),
    "target_no_folder": ("its folder does not exist", "其所在文件夹不存在"),
    "target_link": (
        "is a link; pass --force to replace the link itself (what it points to is never written)",
        "这是链接;如需替换链接本身请加 --force(链接指向的文件不会被写入)",
    ),
    "cannot_write_profile": ("cannot write the profile: {reason}", "无法写入档案:{reason}"),
    "cap_by_needs_table": (
        "with cap_by = {cap_by!r}, cap is a table {{ {join} = ... }}",
        "有 cap_by = {cap_by!r} 时,cap 应为表 {{ {join} = ... }}",
    ),
    "cap_choice_unknown": (
        "{name!r} is not a value of {cap_by}; allowed: {allowed}",
        "{name!r} 不是 {cap_by} 的取值;可选:{allowed}",
    ),
    "cap_missing_for_choice": ("no cap for {cap_by} = {join}", "{cap_by} = {join} 没有上限"),
    "cap_rule_qualitative": (
        "rule {name!r} is qualitative; only rules with amounts can be capped",
        "规则 {name!r} 为非资金支持;只有计算金额的规则可设上限",
    ),
    "cap_rule_unknown": ("rule {name!r} does not exist in this policy{hint}", "本政策没有规则 {name!r}{hint}"),
    "toml_too_deep": (
        "keys, tables or arrays nested more than {depth} deep: no profile or policy needs that",
        "键、表或数组嵌套超过 {depth} 层:档案或政策文件无需如此",
    ),
    "toml_huge_integer": ("an integer of more than 4,300 digits", "整数超过 4,300 位"),
    "too_many_entries": ("{n} entries; a profile holds at most {limit} of a kind", "{n} 项;每类最多 {limit} 项"),
    "more_problems": ("… and {n} more problems in this file", "……本文件另有 {n} 处问题"),
    "number_too_large": ("{got} is far too large for any field (at most 10^30)", "{got} 过大(上限 10^30)"),
    "shown_long_number": ("a {digits}-digit number", "一个 {digits} 位数"),
    "text_not_utf8": ("text that is not UTF-8: give it in UTF-8", "文本不是 UTF-8 编码:请使用 UTF-8"),
    "control_characters": (
        "text holds control characters (only new lines and tabs may appear)",
        "文本含有控制字符(仅允许换行和制表符)",
    ),
    "control_characters_line": (
        "text holds control characters (a new line, a tab, a bidirectional or C1 control): give one line of plain text",
        "文本含有控制字符(换行、制表符、双向或 C1 控制字符):请给出一行纯文本",
    ),
    "covered_and_not_covered": (
        "{name!r} has an amount; it cannot also be not covered",
        "{name!r} 已有金额,不能同时列为不支持",
    ),
    "did_you_mean": (" (did you mean {best!r}?)", "(是否为 {best!r}?)"),
    "duplicate_cap_id": ("duplicate cap id {id!r} (also caps[{item}])", "封顶 id {id!r} 重复(亦见 caps[{item}])"),
    "duplicate_rule_id": ("duplicate rule id {id!r} (also rules[{item}])", "规则 id {id!r} 重复(亦见 rules[{item}])"),
    "exclusive_clause_needed": (
        "rules name exclusive groups, so [policy.exclusive] must cite the clause that makes them exclusive",
        "规则使用了互斥组,[policy.exclusive] 须引用规定就高不重复的条款",
    ),
    "expected_alternatives": ("expected a list of alternatives, got {raw_shown}", "应为备选条件列表,实为 {raw_shown}"),
    "expected_amount": ("expected an amount in yuan, got {got}", "应为以元计的金额,实为 {got}"),
    "expected_applicant_kinds": ("expected a list of applicant kinds, got {got}", "应为申请主体类型列表,实为 {got}"),
    "expected_array_of_tables": ("expected [[{where}]] tables, got {got}", "应为 [[{where}]] 表数组,实为 {got}"),
    "yuan_not_amount": (
        "{{yuan:{written}}} is not an amount: write digits, like {{yuan:400000}} or {{yuan:1,500.50}} (under a trillion)",
        "{{yuan:{written}}} 不是金额:请写数字,如 {{yuan:400000}} 或 {{yuan:1,500.50}}(小于一万亿)",
    ),
    "expected_bilingual": (
        'expected {{ en = "...", zh = "..." }}, got {got}',
        '应为 {{ en = "...", zh = "..." }},实为 {got}',
    ),
    "expected_bool": ("expected true or false, got {got}", "应为 true 或 false,实为 {got}"),
    "expected_caps": ("expected [[caps]] tables, got {cap_data_shown}", "应为 [[caps]] 表数组,实为 {cap_data_shown}"),
    "expected_conditions": (
        'expected a list of conditions like [{{ field = "...", eq = ... }}], got {raw_shown}',
        '应为条件列表,如 [{{ field = "...", eq = ... }}],实为 {raw_shown}',
    ),
    "expected_count": ("expected a whole number, got {got}", "应为整数,实为 {got}"),
    "expected_date": ("expected a date (YYYY-MM-DD), got {got}", "应为日期(YYYY-MM-DD),实为 {got}"),
    "expected_date_text": ("expected a date as YYYY-MM-DD, got {got}", "应为 YYYY-MM-DD 格式的日期,实为 {got}"),
    "expected_double_brackets": (
        "expected a list of tables: write [[{section}]] (double brackets) for each entry",
        "应为表数组:每条记录写作 [[{section}]](双方括号)",
    ),
    "expected_fact_table": ("expected a table of fields, got {item_shown}", "应为字段表,实为 {item_shown}"),
    "expected_finite": ("expected a finite number, got {got}", "应为有限数值,实为 {got}"),
    "expected_finite_rate": ("expected a finite rate, got {text_shown}", "应为有限利率,实为 {text_shown}"),
    "expected_fraction": ("expected a fraction such as 0.5, got {got}", "应为比例,如 0.5,实为 {got}"),
    "expected_groups": ("expected a table of groups, got {group_data_shown}", "应为组的表,实为 {group_data_shown}"),
    "expected_named_tables": ("expected tables like [{key}.NAME], got {got}", "应为 [{key}.NAME] 形式的表,实为 {got}"),
    "expected_named_texts": (
        "expected a table name = {{ en, zh }}, got {raw_shown}",
        "应为 名称 = {{ en, zh }} 形式的表,实为 {raw_shown}",
    ),
    "expected_nonempty_text": ("expected non-empty text, got {got}", "应为非空文本,实为 {got}"),
    "expected_one_of": ("expected one of {allowed}, got {got}", "应为 {allowed} 之一,实为 {got}"),
    "expected_pairs": (
        "expected key=value pairs separated by commas, got {got}",
        "应为以逗号分隔的 key=value,实为 {got}",
    ),
    "expected_pairs_empty": ("expected key=value pairs, got nothing", "应为 key=value 形式,实为空"),
    "expected_positive_amount": ("expected an amount above 0, got {got}", "应为大于 0 的金额,实为 {got}"),
    "expected_profiles": ("expected one or more [[profiles]] tables", "应有一个或多个 [[profiles]] 表"),
    "expected_rate": ("expected a rate such as 0.0435, got {got}", "应为利率,如 0.0435,实为 {got}"),
    "expected_rate_text": (
        "expected a rate such as 0.03 or 3%, got {text_shown}",
        "应为利率,如 0.03 或 3%,实为 {text_shown}",
    ),
    "expected_regions": ("expected a list of region names, got {got}", "应为地区名列表,实为 {got}"),
    "expected_section_list": (
        "expected a list of [[{section}]] tables, got {raw_shown}",
        "应为 [[{section}]] 表数组,实为 {raw_shown}",
    ),
    "expected_table": ("expected a table, got {data_shown}", "应为表,实为 {data_shown}"),
    "expected_text": ("expected text, got {got}", "应为文本,实为 {got}"),
    "expected_text_raw": ("expected text, got {raw_shown}", "应为文本,实为 {raw_shown}"),
    "expected_texts": ("expected text or a list of texts, got {got}", "应为文本或文本列表,实为 {got}"),
    "expected_values": ("expected a list of values, got {raw_shown}", "应为数值列表,实为 {raw_shown}"),
    "expected_what": ("expected {what}, got {got}", "应为{what},实为 {got}"),
    "field_wrong_type": ("{value!r} is not {what}", "{value!r} 不是{what}"),
    "file_empty": ("the file is empty", "文件为空"),
    "file_exists": ("already exists; pass --force to overwrite it", "文件已存在;如需覆盖请加 --force"),
    "finer_than_fen": (
        "{amount} is finer than the fen; amounts are yuan with at most 2 decimal places",
        "{amount} 精确到分以下;金额以元计,最多两位小数",
    ),
    "folder_not_file_name": ("is a folder; give the name of a file to write", "这是文件夹;请给出要写入的文件名"),
    "folder_not_profile": (
        "is a folder; give one profile file (`ipcalc batch` takes folders)",
        "这是文件夹;请给出一个档案文件(`ipcalc batch` 可处理文件夹)",
    ),
    "group_undeclared": (
        "group {group!r} is not declared under [groups]{hint}",
        "组 {group!r} 未在 [groups] 中声明{hint}",
    ),
    "group_unused": ("group is declared but no rule belongs to it", "组已声明,但没有规则属于它"),
    "line_too_long": ("the line is longer than {limit}: not a profile", "该行超过 {limit}:不是档案"),
    "line_not_utf8": (
        "not UTF-8 text (byte {byte} at column {column}); write the lines in UTF-8",
        "不是 UTF-8 文本(第 {column} 列字节 {byte});请以 UTF-8 写入",
    ),
    "binary_to_terminal": (
        "a workbook is not for a terminal: give -o FILE.xlsx, or redirect standard output to a file",
        "工作簿不能输出到终端:请用 -o 文件.xlsx,或将标准输出重定向到文件",
    ),
    "json_too_deep": ("arrays or objects nested too deeply: not a profile", "数组或对象嵌套过深:不是档案"),
    "record_too_big": ("too large to read: not a profile", "过大,无法读取:不是档案"),
    "json_key_twice": ("the key {key!r} is given twice in one object", "键 {key!r} 在同一对象中出现两次"),
    "json_invalid": ("not a JSON object: {detail} (column {column})", "不是 JSON 对象:{detail}(第 {column} 列)"),
    "json_expecting_value": ("a value was expected", "此处应为一个值"),
    "json_expecting_name": ("a property name in double quotes was expected", "此处应为双引号括起的键名"),
    "json_expecting_colon": ("':' was expected", "此处应为“:”"),
    "json_expecting_comma": ("',' was expected", "此处应为“,”"),
    "json_unterminated_string": ("a string is not closed", "字符串未闭合"),
    "json_control_character": ("a control character inside a string", "字符串中含控制字符"),
    "json_bad_escape": ("an invalid escape (\\) in a string", "字符串中的转义(\\)无效"),
    "json_extra_data": ("more after the object ends", "对象结束后仍有内容"),
    "json_other": ("{detail}", "{detail}"),
    "json_not_object": ("each line must be one JSON object (a profile)", "每行应为一个 JSON 对象(一个档案)"),
    "key_beside_profiles": (
        "unknown key {key!r} beside [[profiles]]; put each field inside a [[profiles]] table",
        "[[profiles]] 之外有未知字段 {key!r};请把字段写在各 [[profiles]] 表中",
    ),
    "key_twice": ("{key} is given twice in {text_shown}", "{key} 在 {text_shown} 中重复出现"),
    "last_tenor_open": (
        "the last tenor must have no max_months (it covers every longer loan)",
        "最后一档期限不应有 max_months(它涵盖更长的贷款)",
    ),
    "lpr_order": ("values must be in increasing date order, one per date", "数值应按日期递增,每个日期一个"),
    "lpr_values_needed": ("at least one LPR value is needed", "至少需要一个 LPR 数值"),
    "missing_field": ("missing; this field is required ({what})", "缺少;此字段必填({what})"),
    "missing_key": ("missing; this key is required", "缺少;此键必填"),
    "missing_level": ("missing; {title} is granted at {join}", "缺少;{title} 的级别为 {join}"),
    "missing_region": (
        "missing; set {key} in the profile or pass --{key}; allowed: {allowed}",
        "缺少;请在档案中填写 {key} 或使用 --{key};可选:{allowed}",
    ),
    "negative_amount": ("{amount} is negative; amounts are yuan, 0 or more", "{amount} 为负数;金额以元计,不得小于 0"),
    "no_policy_files": ("the folder holds no *.toml policy files", "文件夹中没有 *.toml 政策文件"),
    "no_profile_files": ("the folder holds no *.toml profiles", "文件夹中没有 *.toml 档案"),
    "no_such_file": ("no such file", "文件不存在"),
    "no_such_path": ("no such file or folder", "文件或文件夹不存在"),
    "not_a_field": (
        "{got} is not a field of {where}{hint}; fields: {allowed}",
        "{got} 不是 {where} 的字段{hint};字段:{allowed}",
    ),
    "not_known_value": ("{name!r} is not a known {key}", "{name!r} 不是已知的 {key}"),
    "not_real_date": ("{got} is not a real date", "{got} 不是有效日期"),
    "not_utf8": (
        "not UTF-8 text (byte {value} cannot be read); save the file as UTF-8",
        "不是 UTF-8 文本(第 {value} 个字节无法读取);请以 UTF-8 保存",
    ),
    "one_comparison": (
        "give exactly one comparison: {join} (from and to go together)",
        "请只给出一种比较:{join}(from 与 to 可同时给出)",
    ),
    "year_of_needs_year": (
        'year_of goes with per = "year" or "application_year"',
        'year_of 仅用于 per = "year" 或 "application_year"',
    ),
    "cap_year_of_field": ("{field!r} is not a date field of {section}", "{field!r} 不是 {section} 的日期字段"),
    "top_up_target_needed": (
        'rate = "top_up" needs target = {{ factor = ... }} or {{ spread = ... }}',
        'rate = "top_up" 须给出 target = {{ factor = ... }} 或 {{ spread = ... }}',
    ),
    "by_kind_empty": ("expected an amount for one or more applicant kinds", "应为一种或多种申请主体的金额"),
    "schedule_needed": (
        "expected schedule = [{{ after_years = 0, amount = ... }}, ...], got {raw_shown}",
        "应为 schedule = [{{ after_years = 0, amount = ... }}, ...],实为 {raw_shown}",
    ),
    "schedule_order": ("the instalments must be in the order they fall due", "各期须按到期先后排列"),
    "op_needs_date": ("{op} compares dates; this field holds {type}", "{op} 用于比较日期;该字段为 {type}"),
    "dates_reversed": ("to ({end}) is before from ({start})", "to({end})早于 from({start})"),
    "expected_within": (
        'expected {{ months = N, of = "as_of" }} (or years = N; of: as_of, a date field, or a date), got {raw_shown}',
        '应为 {{ months = N, of = "as_of" }}(或 years = N;of 为 as_of、日期字段或日期),实为 {raw_shown}',
    ),
    "unknown_date_ref": (
        "{name!r} is not a date to compare with; allowed: {allowed}, or a date",
        "{name!r} 不是可比较的日期;可选:{allowed},或一个日期",
    ),
    "op_needs_number": ("{op} compares numbers; this field holds {type}", "{op} 用于比较数值;此字段为 {type}"),
    "outside_fraction": (
        "{fraction} is outside [0, 1]; give a fraction{hint}",
        "{fraction} 不在 [0, 1] 内;请填写比例{hint}",
    ),
    "per_unit_needs_amounts": (
        "a per_unit rule on facts needs amounts = {{ name = amount }}",
        "按事项计件的规则需要 amounts = {{ 名称 = 金额 }}",
    ),
    "policy_id_twice": ("policy id {id!r} is already defined by {first}", "政策 id {id!r} 已由 {first} 定义"),
    "profile_not_table": ("a profile is a table of fields, got {data_shown}", "档案应为字段表,实为 {data_shown}"),
    "profiles_need_batch": (
        "this file holds several [[profiles]]; run it with `ipcalc batch`",
        "此文件含多个 [[profiles]];请用 `ipcalc batch` 处理",
    ),
    "quote_missing_start": (
        "quote not found verbatim in {source}: not even its start is there ({item}…)",
        "在 {source} 中找不到逐字一致的引文:连开头也没有({item}…)",
    ),
    "quote_diverges": (
        "quote not found verbatim in {source}: its first {count} characters match (…{matched}), then the quote reads “{quoted}” where the source has “{found}” (spacing aside)",
        "在 {source} 中找不到逐字一致的引文:前 {count} 个字符一致(…{matched}),其后引文为“{quoted}”,原文为“{found}”(不计空白)",
    ),
    "rules_needed": ("a policy needs at least one [[rules]] table", "政策至少需要一个 [[rules]] 表"),
    "see_init": ("; see `ipcalc init` for every field", ";全部字段见 `ipcalc init`"),
    "shown_datetime": ("the date-time {when}", "日期时间 {when}"),
    "shown_list": ("a list", "列表"),
    "shown_table": ("a table", "表"),
    "source_outside": (
        "'{source}' is outside the policy's folder: give a path inside it, such as sources/ID.txt (no absolute path, no ..)",
        "'{source}' 不在政策文件夹内:请给出文件夹内的路径,如 sources/ID.txt(不得为绝对路径或含 ..)",
    ),
    "source_unreadable": (
        "source file {source!r} cannot be read next to the policy",
        "无法读取政策旁的原文文件 {source!r}",
    ),
    "tenors_order": ("tenors must be in increasing max_months order", "各档期限应按 max_months 递增"),
    "text_too_long": ("text is longer than {max_length} characters", "文本超过 {max_length} 个字符"),
    "title_has_no_level": ("{title} has no level; remove level", "{title} 不分级别;请删除 level"),
    "title_has_no_such_level": (
        "{title} has no level {level!r}; its levels: {allowed}",
        "{title} 没有 {level!r} 级;其级别为:{allowed}",
    ),
    "title_level_not_granted": (
        "{title} is not granted at level {level!r}; its levels: {join}",
        "{title} 没有 {level!r} 级;其级别为:{join}",
    ),
    "title_needs_amounts": (
        "a title rule needs amounts = {{ title = amount }} or {{ title = {{ level = amount }} }}",
        "称号规则需要 amounts = {{ 称号 = 金额 }} 或 {{ 称号 = {{ 级别 = 金额 }} }}",
    ),
    "toml_malformed": ("malformed TOML", "TOML 格式错误"),
    "toml_malformed_detail": ("malformed TOML: {detail}", "TOML 格式错误:{detail}"),
    "toml_malformed_hint": ("malformed TOML: {hint} ({detail})", "TOML 格式错误:{hint}({detail})"),
    "toml_needs_quotes": ('text needs quotes: {key} = "{value}"', '文本需加引号:{key} = "{value}"'),
    "toml_not_real_date": ("{key} = {value} is not a real date", "{key} = {value} 不是有效日期"),
    "too_many_decimals": ("{fraction} has more than 10 decimal places", "{fraction} 小数位超过 10 位"),
    "unknown_choice": (
        "unknown {what} {found}{hint}; allowed: {allowed}",
        "未知的 {what} {found}{hint};可选:{allowed}",
    ),
    "unknown_key": ("unknown key {key!r}{hint}; allowed: {allowed}", "未知字段 {key!r}{hint};可用:{allowed}"),
    "unknown_key_here": (
        "unknown key {key!r}{hint}; allowed here: {allowed}",
        "未知键 {key!r}{hint};此处可用:{allowed}",
    ),
    "unknown_language": ("unknown language key {item!r}; allowed: en, zh", "未知语言键 {item!r};可用:en、zh"),
    "unknown_level": ("unknown level {level!r}{hint}; levels: {allowed}", "未知级别 {level!r}{hint};级别:{allowed}"),
    "unknown_policy": ("unknown policy {pid!r}{hint}; known: {allowed}", "未知政策 {pid!r}{hint};已有:{allowed}"),
    "unknown_profile_key": ("unknown key {key!r}{hint}", "未知字段 {key!r}{hint}"),
    "unknown_title": (
        "unknown title {title!r}{hint}; titles are listed in vocabulary.toml",
        "未知称号 {title!r}{hint};称号列于 vocabulary.toml",
    ),
    "record_fault": (
        "ipcalc could not compute this profile ({detail}); the other profiles are not affected; please report it with the profile",
        "ipcalc 无法计算此档案({detail});其他档案不受影响;请连同档案报告此问题",
    ),
    "test_folder_unreadable": (
        "this folder cannot be read: its cases were not run",
        "无法读取此文件夹:其中的测试用例未运行",
    ),
    "skeleton_id_reserved": (
        "{id!r} cannot be a policy's id: vocabulary.toml and rates.toml mean something else in a folder",
        "{id!r} 不能作为政策 id:vocabulary.toml 与 rates.toml 在文件夹中另有含义",
    ),
    "skeleton_id_long": ("an id is at most {most} characters", "id 最多 {most} 个字符"),
    "skeleton_link": (
        "this folder is a link: the skeleton is not written through it",
        "此文件夹是链接:不经由它写入骨架",
    ),
    "date_out_of_range": (
        "{day} is outside the dates ipcalc accepts ({first} to {last})",
        "{day} 超出 ipcalc 接受的日期范围({first} 至 {last})",
    ),
    "unknown_region": (
        "unknown region {value!r}{hint}; allowed: {allowed}{folder}{also}",
        "未知地区 {value!r}{hint};可选:{allowed}{folder}{also}",
    ),
    "unknown_region_folder": (
        ". A region of your own comes with its policy folder: give it with --policies DIR (or set IPCALC_POLICIES)",
        "。自定义地区随其政策文件夹提供:用 --policies 目录 指定(或设置 IPCALC_POLICIES)",
    ),
    "unknown_region_keys": (
        "; the profile's keys {keys} are unknown too, perhaps declared by that folder",
        ";画像中的 {keys} 也未知,可能由该文件夹声明",
    ),
    "unknown_value": (
        "unknown {what} {value!r}{hint}; allowed: {allowed}",
        "未知的 {what} {value!r}{hint};可选:{allowed}",
    ),
    "unsupported_schema": (
        "unsupported schema {version_shown}; this ipcalc reads schema {SCHEMA_VERSION}",
        "不支持的 schema {version_shown};本 ipcalc 读取 schema {SCHEMA_VERSION}",
    ),
    "until_before_from": (
        "{valid_until} is before valid_from {valid_from}",
        "{valid_until} 早于 valid_from {valid_from}",
    ),
    "verified_before_newest": ("is before the newest value's announcement", "早于最新数值的公布日"),
    "what_amount": ("an amount in yuan (a number, 0 or more)", "以元计的金额(不小于 0 的数)"),
    "what_fraction": ("a fraction from 0 to 1 (such as 0.6)", "0 到 1 之间的比例(如 0.6)"),
    "write_percent_hint": (" (write 3.85% as 0.0385)", "(3.85% 应写作 0.0385)"),
    "expected_said": (
        'expected a table {{ text = {{ en, zh }}, clause = "...", quote = "..." }}, got {got}',
        '应为表 {{ text = {{ en, zh }}, clause = "……", quote = "……" }},实为 {got}',
    ),
    "said_quote_needs_clause": (
        'a quote needs the clause it is from (clause = "...")',
        '引文需注明所在条款(clause = "……")',
    ),
    "likely_with_source": (
        "likely and likely_source go together: the reading applied in practice, and where that is known from",
        "likely 与 likely_source 须同时给出:实际采用的解读及其依据",
    ),
    "likely_unknown": (
        "{likely!r} is not a reading of this question; its readings: {allowed}",
        "{likely!r} 不是本问题的解读;可选:{allowed}",
    ),
}
