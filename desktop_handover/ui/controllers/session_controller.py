"""SessionController: the whole flow on one open portal: pick, select, plan, run, follow up."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_handover.handover.journal import Journal, RunInfo
from desktop_handover.handover.plan import HandoverOptions, HandoverPlan, plan_problems
from desktop_handover.handover.ports import CrmGateway, GatewayError, Pacing, UserInfo
from desktop_handover.handover.report import HandoverReport, Outcome, Wait
from desktop_handover.handover.sections import SectionSpec, all_sections
from desktop_handover.services.catalog import NameCatalog
from desktop_handover.ui import messages
from desktop_handover.ui.aio import ask, async_slot, keep, next_emission
from desktop_handover.ui.controllers.plan_controller import PlanController
from desktop_handover.ui.controllers.plan_draft import PlanSummary, SplitMode
from desktop_handover.ui.controllers.run_controller import RunController
from desktop_handover.ui.controllers.section_controller import NameLookup, SectionController
from desktop_handover.ui.controllers.users_controller import UsersController
from desktop_handover.ui.models.columns import (
    CLIENT_COLUMNS,
    PIPELINE_COLUMNS,
    STAGE_COLUMNS,
    DisplayNames,
    columns_for,
)
from desktop_handover.ui.models.items_model import CrmItemsModel
from desktop_handover.ui.models.users_model import UsersModel
from desktop_handover.ui.settings_store import SettingsStore
from desktop_handover.ui.views.main_window import MainWindow
from desktop_handover.ui.views.pickers import EmployeePickerDialog, SuccessorPickerDialog
from desktop_handover.ui.views.preview_dialog import PreviewDialog
from desktop_handover.ui.views.progress_dialog import ProgressDialog
from desktop_handover.ui.views.section_tab import SectionTab

logger = logging.getLogger(__name__)


class SessionController(QObject):
    """Drives the main window for one open portal (ui.md §1-§3).

    Owns the users, one SectionController per tab, the PlanController and the RunController;
    views only emit signals, and the async work happens in the slots here.

    With a `catalog`, the tables show the portal's names instead of codes: the stage and
    pipeline catalogues are fetched once per session (one request, while the first tab
    loads), companies' and contacts' names by a NameLookup shared by the tabs, which
    pauses while a handover runs.

    Signals:
        departing_changed(int): a departing employee was chosen and the tabs were built.
        run_finished(object): a HandoverReport (finished or stopped).
    """

    departing_changed = Signal(int)
    run_finished = Signal(object)

    def __init__(
        self,
        gateway: CrmGateway,
        me: UserInfo,
        journal: Journal,
        window: MainWindow,
        *,
        settings: SettingsStore | None = None,
        pacing: Pacing | None = None,
        export_dir: Path | None = None,
        catalog: NameCatalog | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.gateway = gateway
        self.me = me
        self.journal = journal
        self.window = window
        self._settings = settings
        self._pacing = pacing
        self._export_dir = export_dir or Path.home()
        self.users_model = UsersModel(self)
        self.users = UsersController(gateway, self.users_model, self)
        self.sections: list[SectionSpec] = []
        self.section_controllers: list[SectionController] = []
        self.plan: PlanController | None = None
        self.run = RunController(gateway, journal, pacing=pacing, parent=self)
        self.departing: UserInfo | None = None
        self.progress: ProgressDialog | None = None
        self.last_report: HandoverReport | None = None
        self._catalog = catalog
        self.display_names = DisplayNames()
        self.name_lookup: NameLookup | None = None
        self._catalogues: asyncio.Task[None] | None = None
        if catalog is not None:
            self.name_lookup = NameLookup(catalog, self.display_names, parent=self)
            self.name_lookup.names_arrived.connect(self._on_name_lookup_names_arrived)

        window.preview_requested.connect(self._on_window_preview_requested)
        window.handover_requested.connect(self._on_window_preview_requested)
        window.tab_shown.connect(self._on_window_tab_shown)
        panel = window.panel
        panel.change_employee_requested.connect(self._on_panel_change_employee_requested)
        panel.add_successor_requested.connect(self._on_panel_add_successor_requested)
        panel.remove_successor_requested.connect(self._on_panel_remove_successor_requested)
        panel.mode_changed.connect(self._on_panel_mode_changed)
        panel.route_changed.connect(self._on_panel_route_changed)
        panel.keep_related_changed.connect(self._on_panel_keep_related_changed)
        self.run.started.connect(self._on_run_started)
        self.run.progressed.connect(self._on_run_progressed)
        self.run.finished.connect(self._on_run_finished)
        self.run.stopped.connect(self._on_run_stopped)
        self.run.refused.connect(self._on_run_refused)
        self.run.dismissed.connect(self._on_run_dismissed)

    # --- start ------------------------------------------------------------------------------

    def _on_gateway_wait(self, wait: Wait) -> None:
        # Outside runs (the engine installs its own listener), pauses show in the open tab.
        tab = self.window.current_tab()
        text = messages.wait_text(wait)
        if tab is not None and text:
            tab.show_wait(text, wait.seconds)

    def listen_for_waits(self) -> None:
        """Show the portal's pauses in the open tab (again after a run replaced the listener)."""
        self.gateway.set_wait_listener(self._on_gateway_wait)

    async def load(self) -> None:
        """Discover sections and load users (counts keep coming in the background)."""
        self.listen_for_waits()
        smart = await self.gateway.discover_sections()
        self.sections = all_sections(list(smart))
        self.start_catalogues()
        self.users.start(self.sections)
        await next_emission(self.users.users_loaded)
        names = {u.id: u.name for u in self.users_model.users()}
        self.run.set_names(names)
        self.window.panel.set_names(names, messages.section_names(self.sections))

    def start_catalogues(self) -> asyncio.Task[None] | None:
        """Fetch the stage and pipeline names in the background (once per session)."""
        if self._catalog is None or self._catalogues is not None:
            return self._catalogues
        self._catalogues = asyncio.ensure_future(self._load_catalogues(self._catalog))
        return keep(self, self._catalogues)

    async def wait_catalogues(self) -> None:
        """Wait until the stage and pipeline names are in (or failed)."""
        if self._catalogues is not None:
            await asyncio.gather(asyncio.shield(self._catalogues), return_exceptions=True)

    async def _load_catalogues(self, catalog: NameCatalog) -> None:
        # Only types with pipelines are asked for theirs (leads and quotes have none, §7.1):
        # stages and pipelines then come in one request.
        piped = [s.entity_type_id for s in self.sections if s.has_categories]
        types = [t for t in piped if t is not None]
        try:
            await catalog.load(types)
            stages = await catalog.stages()
            pipelines = await catalog.pipelines(types)
        except GatewayError as err:
            # The tables keep showing codes; nothing else depends on the names.
            logger.warning("stage and pipeline names unavailable: %s", err.code)
            return
        self.display_names.stages = stages
        self.display_names.pipelines.update({t: p for t, p in pipelines.items() if p})
        self._refresh_names((*STAGE_COLUMNS, *PIPELINE_COLUMNS))

    def _on_name_lookup_names_arrived(self) -> None:
        # The section controllers repaint their company column themselves.
        self._resort(CLIENT_COLUMNS)

    def _refresh_names(self, keys: tuple[str, ...]) -> None:
        """Repaint the columns `keys` in every tab; re-sort tabs sorted by one of them."""
        for controller in self.section_controllers:
            controller.model.refresh_columns(keys)
        self._resort(keys)

    def _resort(self, keys: tuple[str, ...]) -> None:
        """Sort again the tabs sorted by one of the columns `keys` (their keys changed)."""
        for controller in self.section_controllers:
            model = controller.model
            tab = self.window.tab_for(controller.section.key)
            header = tab.table.horizontalHeader()
            column = header.sortIndicatorSection()
            if 0 <= column < model.columnCount() and model.columns[column].key in keys:
                # The proxy keeps the sort keys it sorted by; names change them.
                tab.proxy.sort(column, header.sortIndicatorOrder())

    def _on_run_started(self) -> None:
        # Name lookups would compete with the run for the portal's rate limit.
        if self.name_lookup is not None:
            self.name_lookup.pause()

    async def start(self) -> None:
        """Load, offer an interrupted run for resume, then ask who is leaving."""
        await self.load()
        await self.offer_resume()
        await self.choose_departing()

    async def offer_resume(self) -> bool:
        """Offer the newest interrupted run for resume (the app was closed or crashed)."""
        runs = self.journal.resumable_runs()
        if not runs:
            return False
        info = runs[0]
        box = self._resume_box(info)
        if await ask(box) != QMessageBox.StandardButton.Yes.value:
            return False
        await self.resume(info.id, info.departing_user_id)
        return True

    def _resume_box(self, info: RunInfo) -> QMessageBox:
        counts = self.journal.counts(info.id)
        done = sum(c.get(Outcome.DONE, 0) for c in counts.values())
        total = sum(sum(c.values()) for c in counts.values())
        who = self._name(info.departing_user_id)
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Question)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setWindowTitle(self.tr("Interrupted handover"))
        box.setText(
            messages.fmt(
                self.tr(
                    "The handover of {0}'s items started {1} did not finish ({2} of {3} done). "
                    "Resume it now? Nothing is done twice."
                ),
                who,
                info.created[:16].replace("T", " "),
                messages.number(done),
                messages.number(total),
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Resume"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Later"))
        return box

    def _name(self, user_id: int) -> str:
        user = self.users_model.user(user_id)
        return user.name if user is not None else f"#{user_id}"

    async def choose_departing(self) -> bool:
        """Show the departing-employee picker; build the tabs for the one chosen."""
        dialog = EmployeePickerDialog(self.users_model, self.window)
        if self.departing is not None:
            dialog.choose(self.departing.id)
        code = await ask(dialog)
        chosen = dialog.chosen_user_id()
        dialog.deleteLater()
        if code == 0 or chosen is None:
            return False
        user = self.users_model.user(chosen)
        assert user is not None
        await self.set_departing(user)
        return True

    async def set_departing(self, user: UserInfo) -> None:
        """Build one tab per section for `user` and start loading the first one."""
        await self.stop_sections()
        self.departing = user
        counts = self.users_model.counts(user.id)
        if counts is None:
            await self.users.count_one(user.id)
            counts = self.users_model.counts(user.id) or {}
        window = self.window
        window.clear_tabs()
        plan = PlanController(
            user,
            self.users_model.users(),
            self.me.id,
            pacing=self._pacing,
            batch_items=self.gateway.max_batch_items,
            parent=self,
        )
        if self.plan is not None:
            self.plan.deleteLater()
        self.plan = plan
        plan.summary_changed.connect(self._on_plan_summary_changed)
        plan.draft_changed.connect(self._on_plan_draft_changed)
        if self._settings is not None:
            loaded = self._settings.load()
            plan.draft.keep_related = loaded.keep_related
        window.panel.keep_related.setChecked(plan.draft.keep_related)
        window.panel.set_departing(user, counts)
        window.panel.set_successors([])
        window.panel.set_mode(SplitMode.SINGLE)
        self.section_controllers = []
        loaded_settings = self._settings.load() if self._settings is not None else None
        for section in self.sections:
            model = CrmItemsModel(columns_for(section, self.display_names), self)
            total = counts.get(section.key, -1)
            shows_clients = any(c in section.columns for c in CLIENT_COLUMNS)
            controller = SectionController(
                self.gateway,
                section,
                user.id,
                model,
                total=total,
                names=self.name_lookup if shows_clients else None,
                parent=self,
            )
            tab = SectionTab(section, model, user.name)
            if loaded_settings is not None:
                tab.set_filter(loaded_settings.default_filter)
            tab.set_loaded(0, total)
            self._wire_tab(controller, tab)
            window.add_tab(tab, total)
            plan.add_section(controller)
            self.section_controllers.append(controller)
        window.tabs.setCurrentIndex(self._first_nonempty_tab(counts))
        self._start_tab(window.tabs.currentIndex())
        plan.schedule()
        self.departing_changed.emit(user.id)

    def _first_nonempty_tab(self, counts: dict[str, int] | object) -> int:
        for n, section in enumerate(self.sections):
            if isinstance(counts, dict) and counts.get(section.key, 0) > 0:
                return n
        return 0

    def _wire_tab(self, controller: SectionController, tab: SectionTab) -> None:
        controller.load_started.connect(lambda: tab.set_loading(True))
        controller.loaded.connect(tab.set_loaded)
        controller.load_finished.connect(tab.set_finished)
        controller.load_failed.connect(tab.show_error)
        tab.reload_requested.connect(controller.start)
        tab.assign_requested.connect(lambda key=controller.section.key: self._assign(key))

    def controller_for(self, key: str) -> SectionController:
        """The SectionController of section `key`."""
        return next(c for c in self.section_controllers if c.section.key == key)

    def _start_tab(self, index: int) -> None:
        if 0 <= index < len(self.section_controllers):
            controller = self.section_controllers[index]
            if not controller.started:
                controller.start()

    def _on_window_tab_shown(self, index: int) -> None:
        # Tabs load when first shown: large sections cost nothing until looked at.
        self._start_tab(index)

    async def load_all_sections(self) -> None:
        """Load every tab now (tests, and before a run so "To" columns are complete)."""
        for controller in self.section_controllers:
            if not controller.started:
                controller.start()
        for controller in self.section_controllers:
            await controller.wait()

    async def stop_sections(self) -> None:
        """Stop loading every tab."""
        for controller in self.section_controllers:
            await controller.stop()
        if self.plan is not None:
            await self.plan.stop()

    async def shutdown(self) -> None:
        """Cancel every task this session owns (app quit)."""
        await self.stop_sections()
        await self.users.stop()
        await self.run.stop()
        if self.name_lookup is not None:
            await self.name_lookup.stop()
        if self._catalogues is not None:
            self._catalogues.cancel()
            await asyncio.gather(self._catalogues, return_exceptions=True)

    # --- successors and split ---------------------------------------------------------------

    async def pick_successors(self, *, multiple: bool, title: str = "") -> list[int]:
        """Show the successor picker; the chosen user ids (empty when cancelled)."""
        assert self.departing is not None
        recent = self._settings.load().recent_successors if self._settings else ()
        dialog = SuccessorPickerDialog(
            self.users_model,
            self.departing.id,
            multiple=multiple,
            recent=recent,
            title=title,
            parent=self.window,
        )
        code = await ask(dialog)
        chosen = dialog.chosen_user_ids() if code else []
        dialog.deleteLater()
        if chosen and self._settings is not None:
            settings = self._settings.load()
            for user_id in reversed(chosen):
                settings = settings.with_recent_successor(user_id)
            self._settings.save(settings)
        return chosen

    def _assign(self, section_key: str) -> None:
        task = asyncio.ensure_future(self.assign(section_key))
        self._keep(task)

    def _keep(self, task: asyncio.Task[None]) -> None:
        keep(self, task)

    async def assign(self, section_key: str) -> None:
        """The “Assign selected to successor” in one tab."""
        assert self.plan is not None
        chosen = await self.pick_successors(
            multiple=False, title=self.tr("Assign the selected items to…")
        )
        if chosen:
            self.plan.assign_selection(section_key, chosen[0])
            self._show_successors()

    @async_slot
    async def _on_panel_add_successor_requested(self) -> None:
        assert self.plan is not None
        for user_id in await self.pick_successors(multiple=True):
            self.plan.add_successor(user_id)
        self._show_successors()

    def _on_panel_remove_successor_requested(self, user_id: int) -> None:
        if self.plan is not None:
            self.plan.remove_successor(user_id)
            self._show_successors()

    def _on_panel_mode_changed(self, mode: str) -> None:
        if self.plan is not None:
            self.plan.set_mode(SplitMode(mode))
            self._show_routes()

    def _on_panel_route_changed(self, section: str, category: int, successor: int) -> None:
        if self.plan is not None:
            self.plan.set_route(section, category, successor)

    def _on_panel_keep_related_changed(self, on: bool) -> None:
        if self.plan is not None:
            self.plan.set_keep_related(on)
        if self._settings is not None:
            self._settings.save(dataclasses.replace(self._settings.load(), keep_related=on))

    def _on_plan_draft_changed(self) -> None:
        self._show_successors()

    def _show_successors(self) -> None:
        if self.plan is None:
            return
        self.window.panel.set_successors(self.plan.draft.successors)
        self._show_routes()

    def _show_routes(self) -> None:
        if self.plan is None:
            return
        draft = self.plan.draft
        self.window.panel.set_routes(self.plan.categories(), draft.successors, draft.routes)

    def _on_plan_summary_changed(self, summary: PlanSummary) -> None:
        self.window.panel.show_summary(summary)
        self.window.set_item_count(
            summary.item_count, enabled=not summary.problems, approximate=summary.approximate
        )

    # --- preview and run ----------------------------------------------------------------------

    @async_slot
    async def _on_window_preview_requested(self) -> None:
        # Ctrl+Enter works even while the buttons are disabled: nothing to preview yet.
        if self.plan is None or self.departing is None or self.run.running:
            return
        await self.preview_and_run()

    async def preview_and_run(self) -> HandoverReport | None:
        """Open the preview; on "Hand over N items", run the plan with the options chosen."""
        assert self.plan is not None
        assert self.departing is not None
        summary = await self.plan.refresh()
        names = {u.id: u.name for u in self.users_model.users()}
        dialog = PreviewDialog(
            summary,
            names,
            messages.section_names(self.sections),
            self.departing.name,
            departing_active=self.departing.active,
            webhook_is_departing=self.me.id == self.departing.id,
            options=self._default_options(),
            parent=self.window,
        )
        code = await ask(dialog)
        options = dialog.options()
        dialog.deleteLater()
        if not code:
            return None
        self.plan.set_options(options)
        plan = self.plan.plan()
        problems = plan_problems(plan, self.users_model.users(), self.me.id)
        if problems:
            self.window.panel.problem.setText(messages.refusal_text(problems[0], names))
            self.window.panel.problem.show()
            return None
        return await self.run_plan(plan)

    def _default_options(self) -> HandoverOptions:
        if self._settings is None:
            return HandoverOptions()
        s = self._settings.load()
        return HandoverOptions(
            suppress_notifications=s.suppress_notifications,
            timeline_comment=s.timeline_comment,
            summary_message=s.summary_message,
        )

    def _open_progress(self, departing_name: str, title: str | None = None) -> ProgressDialog:
        if self.progress is None:
            dialog = ProgressDialog(
                departing_name, messages.section_names(self.sections), self.window
            )
            dialog.cancel_requested.connect(self.run.cancel)
            dialog.retry_requested.connect(self._on_progress_retry_requested)
            dialog.undo_requested.connect(self._on_progress_undo_requested)
            dialog.export_requested.connect(self._on_progress_export_requested)
            dialog.dismiss_requested.connect(self._on_progress_dismiss_requested)
            dialog.resume_requested.connect(self._on_progress_resume_requested)
            dialog.finished.connect(self._on_progress_finished)
            self.progress = dialog
        self.progress.start(title)
        # Modeless on purpose: open(), never exec() (no nested event loop, toolchain §6.2).
        self.progress.open()
        return self.progress

    def _on_progress_finished(self, code: int) -> None:
        del code
        dialog = self.progress
        self.progress = None
        if dialog is not None:
            # The cancel wiring goes first, so nothing that closes the dialog can cancel.
            dialog.cancel_requested.disconnect(self.run.cancel)
            dialog.deleteLater()

    async def run_plan(self, plan: HandoverPlan) -> HandoverReport | None:
        """Run `plan` with the progress dialog; return the report (None when refused)."""
        name = self._name(plan.departing_user_id)
        self._open_progress(name)
        task = self.run.start_run(plan)
        return await self._await_job(task)

    async def _await_job(self, task: asyncio.Task[HandoverReport | None]) -> HandoverReport | None:
        try:
            try:
                report = await task
            except asyncio.CancelledError:
                # Our own Cancel: the controller has already shown the partial report.
                if not task.cancelled():
                    raise
                report = self.run.last_report
            await self._after_run()
        finally:
            if self.name_lookup is not None:
                self.name_lookup.resume()
        return report

    async def _after_run(self) -> None:
        """Reload what the run changed: the tabs and the departing employee's counts."""
        self.listen_for_waits()
        if self.departing is None:
            return
        self.users_model.set_counts(
            self.departing.id,
            await self.gateway.count_owned(self.departing.id, self.sections),
        )
        counts = self.users_model.counts(self.departing.id) or {}
        self.window.panel.set_counts(counts)
        for n, controller in enumerate(self.section_controllers):
            controller.total = counts.get(controller.section.key, controller.total)
            controller.model.clear_selection()
            self.window.set_tab_count(n, controller.total)
            self.window.tab_for(controller.section.key).set_loaded(0, controller.total)
            if controller.started:
                controller.start()
        if self.plan is not None:
            self.plan.draft.assignments.clear()
            self.plan.draft.section_successor.clear()
            self.plan.schedule()

    async def resume(self, run_id: int, departing_id: int) -> HandoverReport | None:
        """Resume run `run_id` with the progress dialog."""
        self._open_progress(self._name(departing_id))
        return await self._await_job(self.run.start_resume(run_id))

    def _on_run_progressed(self, progress: object) -> None:
        if self.progress is not None:
            self.progress.update_progress(progress)  # type: ignore[arg-type]

    def _on_run_finished(self, report: HandoverReport) -> None:
        self.last_report = report
        if self.progress is not None:
            self.progress.show_report(report)
            departing = self.departing
            self.progress.set_dismiss_available(
                departing is not None
                and departing.active
                and departing.id == report.departing_user_id
                and departing.id != self.me.id
                and report.dismissed is None
            )
        self.run_finished.emit(report)

    def _on_run_stopped(self, report: object, reason: str) -> None:
        if isinstance(report, HandoverReport):
            self.last_report = report
        if self.progress is not None:
            if isinstance(report, HandoverReport):
                self.progress.show_report(report, reason)
            else:
                self.progress.show_refusal(reason)
        self.run_finished.emit(report)

    def _on_run_refused(self, text: str) -> None:
        if self.progress is not None:
            self.progress.show_refusal(text)

    def _on_run_dismissed(self, ok: bool, reason: str) -> None:
        if self.progress is None or self.departing is None:
            return
        if ok:
            self.progress.append_result(
                messages.fmt(self.tr("{0} has been dismissed."), self.departing.name)
            )
            self.progress.set_dismiss_available(False)
        else:
            self.progress.append_result(
                messages.fmt(self.tr("Dismissing {0} failed: {1}"), self.departing.name, reason)
            )

    # --- follow-up actions ------------------------------------------------------------------

    @async_slot
    async def _on_progress_retry_requested(self) -> None:
        if self.run.run_id is not None and self.progress is not None:
            self.progress.start()
            await self._await_job(self.run.start_retry(self.run.run_id))

    @async_slot
    async def _on_progress_resume_requested(self) -> None:
        if self.run.run_id is not None and self.progress is not None:
            self.progress.start()
            await self._await_job(self.run.start_resume(self.run.run_id))

    @async_slot
    async def _on_progress_undo_requested(self) -> None:
        if self.run.run_id is None or self.progress is None:
            return
        box = QMessageBox(self.progress)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Undo this handover"))
        box.setText(
            self.tr(
                "Give every item this handover moved back to its previous responsible person? "
                "Items changed since are left alone."
            )
        )
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        box.setDefaultButton(QMessageBox.StandardButton.No)
        if await ask(box) != QMessageBox.StandardButton.Yes.value:
            return
        self.progress.start(self.tr("Undoing the handover"))
        await self._await_job(self.run.start_undo(self.run.run_id))

    @async_slot
    async def _on_progress_export_requested(self) -> None:
        await self.export_report()

    async def export_report(self, path: Path | None = None) -> Path | None:
        """Ask where to save the CSV report (unless `path` is given) and write it."""
        if self.run.run_id is None:
            return None
        if path is None:
            dialog = QFileDialog(self.progress or self.window, self.tr("Export report"))
            dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
            dialog.setNameFilter(self.tr("CSV files (*.csv)"))
            dialog.setDefaultSuffix("csv")
            dialog.selectFile(str(self._export_dir / f"handover-{self.run.run_id}.csv"))
            if not await ask(dialog) or not dialog.selectedFiles():
                return None
            path = Path(dialog.selectedFiles()[0])
        await self.run.export_csv(path)
        if self.progress is not None:
            self.progress.append_result(messages.fmt(self.tr("Report saved to {0}."), path))
        return path

    @async_slot
    async def _on_progress_dismiss_requested(self) -> None:
        await self.confirm_and_dismiss()

    async def confirm_and_dismiss(self, *, confirmed: bool = False) -> bool:
        """Ask for explicit confirmation, then dismiss the departing employee."""
        departing = self.departing
        if departing is None or not departing.active or departing.id == self.me.id:
            return False
        if not confirmed:
            box = QMessageBox(self.progress or self.window)
            # The text names the employee: portal text, shown as plain text (ui.md §6).
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle(self.tr("Dismiss employee"))
            box.setText(
                messages.fmt(
                    self.tr(
                        "Dismiss {0}? They will no longer be able to log in to Bitrix24. An "
                        "administrator can hire them again later."
                    ),
                    departing.name,
                )
            )
            box.setStandardButtons(
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel
            )
            box.button(QMessageBox.StandardButton.Yes).setText(
                messages.fmt(self.tr("Dismiss {0}"), departing.name)
            )
            box.setDefaultButton(QMessageBox.StandardButton.Cancel)
            if await ask(box) != QMessageBox.StandardButton.Yes.value:
                return False
        ok = await self.run.dismiss(departing.id)
        if ok:
            self.departing = dataclasses.replace(departing, active=False)
        return ok

    # --- the dialogs' "change employee" -----------------------------------------------------

    @async_slot
    async def _on_panel_change_employee_requested(self) -> None:
        await self.choose_departing()
