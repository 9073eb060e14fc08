"""The profile's fields, declared once.

The profile validator, the policy validator (which checks that rules name real fields), the
command-line flags and the `init` template all read this table.
"""

from __future__ import annotations

from decimal import Decimal

from .record import Record

APPLICANT_KINDS = ("enterprise", "park", "university", "school", "agency")

# Field types.
TEXT = "text"
REGION = "region"
CHOICE = "choice"
DATE = "date"
BOOL = "bool"
COUNT = "count"  # a whole number >= 0
MONEY = "money"  # yuan, >= 0
FRACTION = "fraction"  # a rate or share in [0, 1]
TITLE = "title"
LEVEL = "level"
AWARD = "award"

NO_MONEY = Decimal(0)


class Field(Record):
    type: str
    default: object = None
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: int = 0
    maximum: int | None = None
    en: str = ""
    zh: str = ""


SCALARS: dict[str, Field] = {
    "name": Field(TEXT, en="client name (optional)", zh="客户名称(可选)"),
    "region": Field(REGION, required=True, en="where the applicant is", zh="所在地区"),
    "kind": Field(CHOICE, "enterprise", choices=APPLICANT_KINDS, en="applicant kind", zh="申请主体类型"),
    "as_of": Field(DATE, en="date of the estimate (default today)", zh="估算日期(默认今天)"),
    "srdi": Field(BOOL, False, en="a 专精特新 (SRDI) SME", zh="专精特新中小企业"),
    "blacklisted": Field(BOOL, False, en="on the 失信 (seriously dishonest) list", zh="列入严重失信主体名单"),
    "foreign_invention_patents": Field(COUNT, 0, en="invention patents granted abroad", zh="国外授权发明专利数"),
    "foreign_trademarks": Field(COUNT, 0, en="trademarks registered abroad", zh="国外注册商标数"),
    "patent_agents": Field(COUNT, 0, en="patent agents newly qualified or recruited", zh="新培养或引进的专利代理师人数"),
    "university_agreement": Field(
        BOOL, False, en="signed industry-university research agreement", zh="已签订产学研合作协议"
    ),
    "joint_invention_applications": Field(
        COUNT, 0, en="invention applications filed jointly with that university", zh="校企共同申报的发明专利受理数"
    ),
    "protection_workstation": Field(BOOL, False, en="runs an IP protection workstation", zh="建有知识产权保护工作站"),
    "research_institute_branch": Field(
        BOOL, False, en="a research institute branch set up locally", zh="在本地设立研究院分院"
    ),
    "agency_branch": Field(BOOL, False, en="a patent agency branch opened locally", zh="在本地设立专利代理分所"),
}

SECTIONS: dict[str, dict[str, Field]] = {
    "titles": {
        "title": Field(TITLE, required=True, en="title granted", zh="获得的称号"),
        "level": Field(LEVEL, en="national | provincial | city | regional", zh="级别"),
        "date": Field(DATE, en="date granted", zh="认定日期"),
    },
    "awards": {
        "award": Field(AWARD, required=True, en="award won", zh="获得的奖项"),
        "count": Field(COUNT, 1, minimum=1, en="how many", zh="数量"),
        "amount": Field(MONEY, NO_MONEY, en="what the province paid (matching clauses need it)", zh="省级奖励金额(配套奖励需要)"),
        "date": Field(DATE, en="date awarded", zh="获奖日期"),
    },
    "insurance": {
        "premium": Field(MONEY, required=True, en="premium paid", zh="实际支出保费"),
        "date": Field(DATE, en="date paid", zh="投保日期"),
    },
    "loans": {
        "principal": Field(MONEY, required=True, en="amount lent", zh="贷款本金"),
        "issued": Field(DATE, en="date the loan was issued", zh="贷款发放日"),
        "months": Field(COUNT, required=True, minimum=1, maximum=600, en="term in months", zh="贷款期限(月)"),
        "rate": Field(FRACTION, en="the loan's own annual rate, e.g. 0.0385", zh="贷款合同年利率,如 0.0385"),
        "pledge_share": Field(FRACTION, en="share of the collateral that is IP (default 1)", zh="知识产权出质占比(默认1)"),
        "repaid": Field(BOOL, False, en="loan and interest repaid", zh="已偿贷还息"),
        "guarantee_fee": Field(MONEY, NO_MONEY, en="guarantee fee paid", zh="担保费"),
        "insurance_fee": Field(MONEY, NO_MONEY, en="loan insurance fee paid", zh="保险费"),
        "evaluation_fee": Field(MONEY, NO_MONEY, en="evaluation fee paid", zh="评估费"),
    },
    "inbound_deals": {
        "amount": Field(MONEY, required=True, en="deal amount", zh="交易额"),
        "mode": Field(CHOICE, required=True, choices=("purchase", "licence", "equity"), en="purchase | licence | equity", zh="购买 | 许可 | 作价入股"),
        "implemented": Field(BOOL, False, en="implemented (put to use)", zh="已实施应用"),
        "date": Field(DATE, en="deal date", zh="交易日期"),
    },
    "outbound_deals": {
        "amount": Field(MONEY, required=True, en="licence or transfer amount", zh="许可或转让交易额"),
        "date": Field(DATE, en="deal date", zh="交易日期"),
    },
    "cases": {
        "scope": Field(CHOICE, "domestic", choices=("domestic", "foreign"), en="domestic | foreign", zh="国内 | 涉外"),
        "costs": Field(MONEY, required=True, en="filing, lawyer and expert fees", zh="受理费、律师代理费、鉴定费等"),
        "date": Field(DATE, en="date of the costs", zh="费用发生日期"),
    },
    "events": {
        "cost": Field(MONEY, required=True, en="cost of the event", zh="活动成本"),
        "date": Field(DATE, en="event date", zh="活动日期"),
    },
}

#: The field that dates each fact; a fact without it happens at `as_of`.
DATE_FIELD = {
    "titles": "date",
    "awards": "date",
    "insurance": "date",
    "loans": "issued",
    "inbound_deals": "date",
    "outbound_deals": "date",
    "cases": "date",
    "events": "date",
}

#: The repeatable command-line flag for each list section.
FLAG_OF_SECTION = {
    "titles": "title",
    "awards": "award",
    "insurance": "insurance",
    "loans": "loan",
    "inbound_deals": "inbound-deal",
    "outbound_deals": "outbound-deal",
    "cases": "case",
    "events": "event",
}


def field_of(section: str | None, name: str) -> Field | None:
    """A fact field (in `section`) or, with no section, a profile scalar."""
    if section is None:
        return SCALARS.get(name)
    return SECTIONS.get(section, {}).get(name)
