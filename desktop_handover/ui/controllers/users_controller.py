"""UsersController: the portal's employees and how many items each owns, for the pickers."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal

from desktop_handover.handover.ports import CrmGateway, GatewayError, UserInfo
from desktop_handover.handover.sections import SectionSpec
from desktop_handover.ui import messages
from desktop_handover.ui.aio import TaskSlot
from desktop_handover.ui.models.users_model import UsersModel

logger = logging.getLogger(__name__)


class UsersController(QObject):
    """Fills a UsersModel: users first, then per-user item counts, dismissed users first.

    Counting costs one request per user (count_owned batches the sections), so it runs in
    the background and the pickers show counts as they arrive.

    Signals:
        users_loaded(): the user list is in the model.
        counts_loaded(int): the counts of this user id are in the model.
        all_counted(): every user has counts.
        load_failed(str): a translated reason.
    """

    users_loaded = Signal()
    counts_loaded = Signal(int)
    all_counted = Signal()
    load_failed = Signal(str)

    def __init__(
        self, gateway: CrmGateway, model: UsersModel, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._gateway = gateway
        self.model = model
        self._slot = TaskSlot()
        self._sections: list[SectionSpec] = []
        self.me: UserInfo | None = None

    @property
    def sections(self) -> list[SectionSpec]:
        """The sections counted (built-ins plus the portal's smart processes)."""
        return list(self._sections)

    def start(self, sections: Sequence[SectionSpec]) -> None:
        """Load users and then their counts in the background."""
        self._slot.start(self.load(sections))

    async def stop(self) -> None:
        """Stop counting (the counts so far stay)."""
        await self._slot.cancel_and_wait()

    async def load(self, sections: Sequence[SectionSpec]) -> None:
        """Load every user, then count the items of dismissed users, then of active ones."""
        self._sections = list(sections)
        self.model.set_section_names(messages.section_names(self._sections))
        try:
            users = await self._gateway.list_users()
        except GatewayError as err:
            self.load_failed.emit(messages.error_text(err.code))
            return
        self.model.set_users(users)
        self.users_loaded.emit()
        await self.count(users)

    async def count(self, users: Sequence[UserInfo]) -> None:
        """Count items per section for `users`, dismissed first (the usual case)."""
        order = sorted(users, key=lambda u: (u.active, u.name.casefold()))
        for user in order:
            if self.model.counts(user.id) is not None:
                continue
            await self.count_one(user.id)
        self.all_counted.emit()

    async def count_one(self, user_id: int) -> None:
        """Count one user's items now (the chosen departing employee goes first)."""
        try:
            counts = await self._gateway.count_owned(user_id, self._sections)
        except GatewayError as err:
            logger.warning("counting items of user %d failed: %s", user_id, err.code)
            return
        self.model.set_counts(user_id, counts)
        self.counts_loaded.emit(user_id)
