"""Where site audits run: in this process (default) or on Celery workers (README "A province")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ExecutorSettings(BaseModel):
    """`executor: {kind: celery, broker: redis://…}` sends each site's audit to `govaudit worker`
    processes (any number, on any machines sharing the broker and the database) and waits."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["in_process", "celery"] = "in_process"
    broker: str | None = None  # redis://host:6379/0 or amqp://user:pass@host:5672//
    queue: str = "govaudit"  # the queue site audits are sent to (workers listen on it)
    concurrency: int = Field(2, ge=1, le=64)  # site audits one worker runs at once
    retries: int = Field(3, ge=0, le=20)  # a site audit whose worker died or failed is run again
    # seconds a message may stay unacknowledged before the broker gives it to another worker (a
    # worker killed mid-audit); must exceed the longest site audit (None: crawl.time_limit + 30 min)
    visibility_timeout: int | None = Field(None, ge=5)
    wait_timeout: int = Field(6 * 3600, ge=10)  # seconds `govaudit audit` waits for all sites

    @model_validator(mode="after")
    def _broker_for_celery(self) -> ExecutorSettings:
        if self.kind == "celery" and not self.broker:
            raise ValueError("executor.kind celery needs executor.broker (e.g. redis://127.0.0.1:6379/0)")
        return self
