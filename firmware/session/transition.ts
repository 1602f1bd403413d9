import { IdTagInfo } from "../authorization/id-tag-info";
import { effectiveStatus, isServiceCard, isUsable, sameGroup, sameIdTag } from "../authorization/id-tag";
import { bestKnown, decideFromAnswer, decideLocally, isUnknown, LocalKnowledge } from "../authorization/local-decision";
import { isLockedOut, recordUnknownTap } from "../authorization/lockout";
import { ACCEPTED_FLASH_MS, REJECTED_FLASH_MS } from "../indication/feedback";
import { blocked, energyFault, readerFaultShown } from "./derive";
import { Effect, Env, SessionEvent, Transition } from "./events";

type TxAnswer = Extract<SessionEvent, { type: "txAnswer" }>;
import { PendingPurpose, SessionState, StoppedTx, Tx } from "./state";
import { isPlugged, StopReason } from "./status";

/**
 * The session rules for connector 1 as a plain function: the next state and the effects to perform.
 * No timers, no I/O: time, the meter and the configuration come in `env`; deadlines are state.
 * The contactor, light, pilot PWM and OCPP status are derived from the state (derive.ts,
 * indication.ts), never set here.
 */

function nowSeconds(env: Env): number | undefined {
  return env.epochMs === undefined ? undefined : Math.floor(env.epochMs / 1000);
}

function log(fx: Effect[], text: string): void {
  fx.push({ kind: "log", text: text });
}

function flash(s: SessionState, env: Env, accepted: boolean): void {
  s.flashAccepted = accepted;
  s.flashUntil = env.now + (accepted ? ACCEPTED_FLASH_MS : REJECTED_FLASH_MS);
}

/** A refusal: red flash; `status` (if given) becomes the last decision. */
function refuse(s: SessionState, env: Env, status: string | undefined): void {
  if (status !== undefined) s.lastDecision = status;
  flash(s, env, false);
}

function startTx(s: SessionState, env: Env, fx: Effect[], idTag: string, parentIdTag: string | undefined): void {
  const tx: Tx = {
    ref: s.nextTxRef,
    idTag: idTag,
    parentIdTag: parentIdTag,
    meterStart: Math.floor(env.energyWh),
    startEpochMs: env.epochMs,
    deauthorized: false,
  };
  s.nextTxRef = s.nextTxRef + 1;
  s.tx = tx;
  s.phase = "tx";
  s.authIdTag = undefined;
  s.authParentIdTag = undefined;
  s.phaseUntil = undefined;
  s.savedWh = tx.meterStart;
  s.meterDue = env.policy.meterSampleIntervalMs > 0 ? env.now + env.policy.meterSampleIntervalMs : undefined;
  fx.push({ kind: "startTx", tx: tx });
}

function stopTx(s: SessionState, env: Env, fx: Effect[], reason: StopReason): void {
  const tx = s.tx as Tx;
  const wh = Math.floor(env.energyWh);
  const stopped: StoppedTx = Object.assign({}, tx, {
    meterStop: wh < tx.meterStart ? tx.meterStart : wh,
    stopEpochMs: env.epochMs,
    reason: reason,
  });
  s.lastStop = stopped;
  s.tx = undefined;
  s.savedWh = stopped.meterStop;
  s.meterDue = undefined;
  s.phase = isPlugged(s.vehicle) ? "finishing" : "idle";
  s.phaseUntil = undefined;
  if (s.pending !== undefined && s.pending.purpose === "stop") s.pending = undefined;
  log(fx, "session: transaction " + tx.ref + " stopped (" + reason + ")");
  fx.push({ kind: "stopTx", tx: stopped });
}

/** Ends an authorization that waits for the vehicle (tap-first): ConnectionTimeOut, same card, fault. */
function cancelAuthorization(s: SessionState): void {
  s.phase = isPlugged(s.vehicle) ? "finishing" : "idle";
  s.authIdTag = undefined;
  s.authParentIdTag = undefined;
  s.phaseUntil = undefined;
}

/** Authorization given: wait for the vehicle (settle starts the transaction if it is there). */
function grant(s: SessionState, env: Env, idTag: string, parentIdTag: string | undefined): void {
  s.lastDecision = "Accepted";
  flash(s, env, true);
  s.phase = "authorized";
  s.authIdTag = idTag;
  s.authParentIdTag = parentIdTag;
  s.phaseUntil = env.now + env.policy.connectionTimeoutMs;
}

function ask(s: SessionState, env: Env, fx: Effect[], idTag: string, purpose: PendingPurpose, remote: boolean, k: LocalKnowledge): void {
  const reqId = s.nextReqId;
  s.nextReqId = reqId + 1;
  s.pending = {
    reqId: reqId,
    idTag: idTag,
    purpose: purpose,
    remote: remote,
    list: k.list,
    cache: k.cache,
    txRef: purpose === "stop" && s.tx !== undefined ? s.tx.ref : undefined,
    until: env.now + env.policy.authorizeTimeoutMs,
  };
  fx.push({ kind: "authorize", reqId: reqId, idTag: idTag });
}

/** A new session for `idTag`: local knowledge first, then the backend, then the offline rules. */
function authorizeStart(s: SessionState, env: Env, fx: Effect[], idTag: string, k: LocalKnowledge, remote: boolean): void {
  if (env.txRoom === false) {
    // its StartTransaction and StopTransaction could not be kept: billing would lose the session
    refuse(s, env, undefined);
    log(fx, "session: transaction queue full, new sessions refused until the backend takes the queued ones");
    return;
  }
  const d = decideLocally(k, s.online, env.policy, nowSeconds(env));
  if (d.verdict === "accept") grant(s, env, idTag, d.parentIdTag);
  else if (d.verdict === "reject") refuse(s, env, d.status);
  else ask(s, env, fx, idTag, "start", remote, k);
}

/**
 * A card that is not the session's own, checked with what is known about it:
 * - "stop": a service card, or one of the same group (parentIdTag), ends the running transaction
 *   (or the authorization waiting for the vehicle);
 * - "service": a service card clears a latched weld once the contact reads open again.
 */
function applyCheck(s: SessionState, env: Env, fx: Effect[], purpose: PendingPurpose, info: IdTagInfo, txRef: number | undefined): void {
  const nowS = nowSeconds(env);
  const service = isServiceCard(info, env.policy.serviceGroupIdTag, nowS);
  const st = effectiveStatus(info, nowS);
  if (purpose === "service") {
    if (service && s.weldLatched && !s.feedbackClosed) {
      s.weldLatched = false;
      s.lastDecision = "Accepted";
      flash(s, env, true);
      log(fx, "session: weld fault cleared by a service card");
    } else {
      refuse(s, env, st === "Accepted" ? undefined : st);
    }
    return;
  }
  if (s.tx !== undefined && s.tx.ref === txRef) {
    if (service || sameGroup(info, s.tx.parentIdTag, nowS)) {
      s.lastDecision = "Accepted";
      flash(s, env, true);
      stopTx(s, env, fx, "Local");
    } else {
      refuse(s, env, st === "Accepted" ? undefined : st);
    }
    return;
  }
  if (s.phase === "authorized" && txRef === undefined) {
    if (service || sameGroup(info, s.authParentIdTag, nowS)) {
      s.lastDecision = "Accepted";
      flash(s, env, true);
      cancelAuthorization(s);
    } else {
      refuse(s, env, st === "Accepted" ? undefined : st);
    }
    return;
  }
  refuse(s, env, undefined);
}

/** Checks a card from local knowledge when that is enough, else asks the backend (online). */
function check(s: SessionState, env: Env, fx: Effect[], idTag: string, k: LocalKnowledge, purpose: PendingPurpose): void {
  const info = bestKnown(k);
  // A list entry is the operator's word; a usable cache entry is trusted; otherwise ask.
  if (info !== undefined && (k.list !== undefined || isUsable(info, nowSeconds(env)))) {
    applyCheck(s, env, fx, purpose, info, s.tx !== undefined ? s.tx.ref : undefined);
  } else if (s.online) {
    ask(s, env, fx, idTag, purpose, false, k);
  } else {
    refuse(s, env, info !== undefined ? effectiveStatus(info, nowSeconds(env)) : undefined);
  }
}

function onCard(s: SessionState, env: Env, fx: Effect[], idTag: string, k: LocalKnowledge): void {
  if (!s.known || s.unavailable) {
    log(fx, "session: card ignored (" + (s.known ? "unavailable" : "booting") + ")");
    return;
  }
  if (s.pending !== undefined) {
    if (sameIdTag(idTag, s.pending.idTag)) {
      s.pending = undefined;
      log(fx, "session: same card while waiting for the backend: cancelled");
    } else {
      log(fx, "session: card ignored, a decision is pending");
    }
    return;
  }
  if (s.tx !== undefined && sameIdTag(idTag, s.tx.idTag)) {
    s.lastDecision = "Accepted";
    flash(s, env, true);
    stopTx(s, env, fx, "Local");
    return;
  }
  if (s.phase === "authorized" && sameIdTag(idTag, s.authIdTag)) {
    cancelAuthorization(s);
    log(fx, "session: same card while waiting for the vehicle: cancelled");
    return;
  }
  if (isUnknown(k)) {
    if (isLockedOut({ taps: s.lockoutTaps, until: s.lockedUntil }, env.now)) {
      log(fx, "session: unknown card ignored (lockout)");
      return;
    }
    const lock = recordUnknownTap({ taps: s.lockoutTaps, until: s.lockedUntil }, env.now, env.policy.unknownCardLockout);
    s.lockoutTaps = lock.taps;
    s.lockedUntil = lock.until;
    if (lock.until !== undefined) log(fx, "session: too many unknown cards, unknown cards ignored for a while");
  }
  if (s.weldLatched) {
    check(s, env, fx, idTag, k, "service");
    return;
  }
  if (s.tx !== undefined || s.phase === "authorized") {
    check(s, env, fx, idTag, k, "stop");
    return;
  }
  if (energyFault(s)) {
    log(fx, "session: card ignored (fault)");
    return;
  }
  authorizeStart(s, env, fx, idTag, k, false);
}

function resolvePending(s: SessionState, env: Env, fx: Effect[], info: IdTagInfo | undefined): void {
  const p = s.pending;
  if (p === undefined) return;
  s.pending = undefined;
  if (info !== undefined) fx.push({ kind: "remember", idTag: p.idTag, info: info });
  if (p.purpose !== "start") {
    if (info === undefined) refuse(s, env, undefined);
    else applyCheck(s, env, fx, p.purpose, info, p.txRef);
    return;
  }
  if (blocked(s) || s.tx !== undefined || s.phase === "authorized") {
    log(fx, "session: decision for " + p.idTag + " dropped (state changed)");
    return;
  }
  const d = info !== undefined
    ? decideFromAnswer(info, nowSeconds(env))
    : decideLocally({ list: p.list, cache: p.cache }, false, env.policy, nowSeconds(env));
  if (d.verdict === "accept") grant(s, env, p.idTag, d.parentIdTag);
  else refuse(s, env, d.status);
}

function onTick(s: SessionState, env: Env, fx: Effect[]): void {
  const now = env.now;
  if (s.flashUntil !== undefined && s.flashUntil <= now) {
    s.flashUntil = undefined;
    s.flashAccepted = undefined;
  }
  if (s.pending !== undefined && s.pending.until <= now) {
    log(fx, "session: Authorize timed out, offline rules decide");
    resolvePending(s, env, fx, undefined);
  }
  if (s.phaseUntil !== undefined && s.phaseUntil <= now) {
    if (s.phase === "waiting") {
      s.phase = "finishing";
      log(fx, "session: no authorization within ConnectionTimeOut");
    } else if (s.phase === "authorized") {
      cancelAuthorization(s);
      log(fx, "session: vehicle not connected within ConnectionTimeOut: authorization cancelled");
    }
    s.phaseUntil = undefined;
  }
  if (s.meterDue !== undefined && s.meterDue <= now && s.tx !== undefined) {
    const wh = Math.floor(env.energyWh);
    s.savedWh = wh;
    s.meterDue = env.policy.meterSampleIntervalMs > 0 ? now + env.policy.meterSampleIntervalMs : undefined;
    fx.push({ kind: "meterValues", ref: s.tx.ref, transactionId: s.tx.transactionId, wh: wh, epochMs: env.epochMs });
  }
}

/** StartTransaction.conf for the running transaction (or the last stopped one). */
function applyTxAnswer(s: SessionState, env: Env, fx: Effect[], ev: TxAnswer): void {
  const nowS = nowSeconds(env);
  if (s.tx !== undefined && s.tx.ref === ev.ref) {
    const tx: Tx = Object.assign({}, s.tx);
    tx.transactionId = ev.transactionId;
    if (ev.info.parentIdTag !== undefined) tx.parentIdTag = ev.info.parentIdTag;
    s.tx = tx;
    if (!sameIdTag(tx.idTag, env.policy.freeVendIdTag)) fx.push({ kind: "remember", idTag: tx.idTag, info: ev.info });
    const st = effectiveStatus(ev.info, nowS);
    if (st !== "Accepted") {
      s.lastDecision = st;
      if (env.policy.stopOnInvalidId) stopTx(s, env, fx, "DeAuthorized");
      else tx.deauthorized = true;
    }
  } else if (s.lastStop !== undefined && s.lastStop.ref === ev.ref && s.lastStop.transactionId === undefined) {
    s.lastStop = Object.assign({}, s.lastStop, { transactionId: ev.transactionId });
  }
}

function onBoot(s: SessionState, env: Env, fx: Effect[], ev: Extract<SessionEvent, { type: "boot" }>): void {
  s.known = true;
  s.vehicle = ev.vehicle;
  s.feedbackClosed = ev.feedbackClosed;
  const early = s.earlyAnswers;
  s.earlyAnswers = undefined;
  const r = ev.record;
  if (r !== undefined) {
    s.nextTxRef = r.nextTxRef > 0 ? r.nextTxRef : 1;
    s.savedWh = r.savedWh;
    s.unavailable = r.unavailable;
    // a weld seen while booting counts as much as one latched before
    s.weldLatched = r.weldLatched || s.weldLatched;
    // Re-issue what may not have reached the backend before the cut (the backend ignores repeats by ref).
    if (r.lastStop !== undefined) {
      s.lastStop = r.lastStop;
      if (r.lastStop.transactionId === undefined) fx.push({ kind: "startTx", tx: r.lastStop });
      fx.push({ kind: "stopTx", tx: r.lastStop });
    }
    if (r.tx !== undefined) {
      s.tx = r.tx;
      s.phase = "tx";
    }
  }
  if (early !== undefined) for (const a of early) applyTxAnswer(s, env, fx, a);
  if (r === undefined || r.tx === undefined || s.tx === undefined || s.tx.ref !== r.tx.ref) return;
  if (s.tx.transactionId === undefined) fx.push({ kind: "startTx", tx: s.tx });
  if (!isPlugged(ev.vehicle) && env.policy.stopOnEVSideDisconnect) {
    stopTx(s, env, fx, "PowerLoss");
  } else {
    log(fx, "session: transaction " + s.tx.ref + " continues after reboot");
    s.meterDue = env.policy.meterSampleIntervalMs > 0 ? env.now + env.policy.meterSampleIntervalMs : undefined;
  }
}

/** Rules that hold after every event: derived consequences of facts and configuration. */
function settle(s: SessionState, env: Env, fx: Effect[]): void {
  if (!s.known) return;
  const p = env.policy;
  if (s.tx !== undefined) {
    if (energyFault(s)) stopTx(s, env, fx, "Other");
    else if (s.unavailable) stopTx(s, env, fx, "Other");
    else if (s.vehicle === "A" && p.stopOnEVSideDisconnect) stopTx(s, env, fx, "EVDisconnected");
  }
  if (blocked(s)) {
    if (s.phase === "authorized") cancelAuthorization(s);
    if (s.pending !== undefined && s.pending.purpose !== "service") s.pending = undefined;
  }
  const plugged = isPlugged(s.vehicle);
  if (s.phase === "authorized" && plugged && !blocked(s)) {
    startTx(s, env, fx, s.authIdTag as string, s.authParentIdTag);
  }
  if (s.phase === "idle" && plugged) {
    s.phase = "waiting";
    s.phaseUntil = env.now + p.connectionTimeoutMs;
  }
  if (s.phase === "waiting" && !p.authorizationRequired && !blocked(s) && s.pending === undefined && env.txRoom !== false) {
    startTx(s, env, fx, p.freeVendIdTag, undefined);
  }
  if (!plugged && (s.phase === "waiting" || s.phase === "finishing")) {
    s.phase = "idle";
    s.phaseUntil = undefined;
  }
}

export function next(state: SessionState, ev: SessionEvent, env: Env): Transition {
  const s: SessionState = Object.assign({}, state);
  const fx: Effect[] = [];
  const out: Transition = { state: s, effects: fx };
  const nowS = nowSeconds(env);
  switch (ev.type) {
    case "boot":
      if (s.known) log(fx, "session: boot event ignored (already booted)");
      else onBoot(s, env, fx, ev);
      break;
    case "vehicle":
      s.vehicle = ev.vehicle;
      break;
    case "card":
      onCard(s, env, fx, ev.idTag, { list: ev.list, cache: ev.cache });
      break;
    case "authorizeAnswer":
      if (s.pending !== undefined && s.pending.reqId === ev.reqId) resolvePending(s, env, fx, ev.info);
      else if (ev.info !== undefined && s.pending === undefined) log(fx, "session: late Authorize answer ignored");
      break;
    case "txAnswer":
      // an answer to a start re-sent after a reboot can arrive before the record is read: keep it
      if (!s.known) s.earlyAnswers = (s.earlyAnswers || []).concat([ev]);
      else applyTxAnswer(s, env, fx, ev);
      break;
    case "online":
      s.online = ev.online;
      break;
    case "reader":
      s.readerOk = ev.healthy;
      break;
    case "feedback":
      s.feedbackClosed = ev.closed;
      break;
    case "weld":
      if (!s.weldLatched) log(fx, "session: relay contact welded: latched fault");
      s.weldLatched = true;
      break;
    case "remoteStart":
      if (blocked(s) || readerFaultShown(s, env.policy) || s.tx !== undefined || s.phase === "authorized" || s.pending !== undefined) {
        out.reply = "Rejected";
        break;
      }
      out.reply = "Accepted";
      if (env.policy.authorizeRemoteTxRequests) authorizeStart(s, env, fx, ev.idTag, { list: ev.list, cache: ev.cache }, true);
      else grant(s, env, ev.idTag, undefined);
      break;
    case "remoteStop":
      if (s.tx !== undefined && s.tx.transactionId === ev.transactionId) {
        out.reply = "Accepted";
        stopTx(s, env, fx, "Remote");
      } else {
        out.reply = "Rejected";
      }
      break;
    case "availability":
      // Until the persisted state is read back, a change could not be kept: refuse it.
      if (!s.known) {
        out.reply = "Rejected";
        break;
      }
      s.unavailable = !ev.operative;
      out.reply = "Accepted";
      break;
    case "reset":
      if (!s.known) {
        out.reply = "Rejected";
        break;
      }
      if (s.tx !== undefined) stopTx(s, env, fx, ev.hard ? "HardReset" : "SoftReset");
      s.weldLatched = false;
      s.internalFault = false;
      s.pending = undefined;
      s.flashUntil = undefined;
      // Back to "not known" until the reboot: nothing starts, the relay stays open.
      s.known = false;
      out.reply = "Accepted";
      fx.push({ kind: "reboot", hard: ev.hard });
      break;
    case "internalFault":
      if (!s.internalFault) log(fx, "session: internal fault: " + ev.detail);
      s.internalFault = true;
      break;
    case "config":
      break;
    case "tick":
      onTick(s, env, fx);
      break;
  }
  settle(s, env, fx);
  return out;
}
