"""Synthetic rosters shared by the benchmarks: realistic names, departments, cohort heads."""

from __future__ import annotations

import datetime as dt
import random

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉飞鑫波宁浩婷雪琳晨阳"
DEPTS = ("客服一部", "客服二部", "客服三部", "售后服务部")


def cohort_head(cohort: str, program: str, number: int, day: dt.date) -> list[str]:
    """The lines of a roster before its trainees."""
    return [
        f"cohort: {cohort}",
        f"program: {program}",
        f"title: 第 {number} 期新员工入职培训",
        f"assessed_on: {day.isoformat()}",
        "trainees:",
    ]


def trainee_head(rng: random.Random, employee: str) -> list[str]:
    """A trainee's id, a random Chinese name, a department and a position."""
    name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
    return [
        f'  - id: "{employee}"',
        f"    name: {name}",
        f"    department: {rng.choice(DEPTS)}",
        "    position: 客服专员",
    ]
