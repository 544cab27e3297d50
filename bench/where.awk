# Used by bench/where.sh: turns a tracefs text trace (sched_switch with a kernel stack when the task blocks,
# sched_wakeup(_new), task_newtask, task_rename, sched_prepare_exec/sched_process_exec, sys_enter_read of fd 0,
# sys_enter_exit_group, the uprobe cnictl_main and, in "sys" passes, raw_syscalls sys_enter/sys_exit) of the calls
# the measuring shell (pid root) made into per-call figures.
#
#   awk -v root=PID -v info=FILE -v comms='|name|name|' -f where.awk CALLS TRACE
#
# CALLS: "pass<TAB>round<TAB>net<TAB>op" per traced cnictl call, in the order the shell made them; the k-th cnictl
# the root execs is the k-th line. Prints "pass:net/op/item<TAB>microseconds" per call of round > 0 (feed them to
# stats); into INFO "name<TAB>pass:net/op<TAB>plugin|child<TAB>file" and "waker<TAB>reason<TAB>comm<TAB>us" (who
# ended the waits for each reason, summed over every call) and "instead<TAB>pass:net/op<TAB>plugin|cnictl<TAB>comm<TAB>
# us" (what ran on the CPU while the plugin and its child, or cnictl, waited for one: the mean per call); on stderr how many switch-ins the trace lost, and calls
# it could not account for. comms: the task names where.sh's filters keep.
#
# Each process's life is cut into phases: cnictl's start (the shell's fork up to the exec), before (the Go runtime's
# start-up, up to main.main: the uprobe), libcni (up to its fork of the plugin), plugin (until the plugin is gone),
# after; a plugin's (and its child's) start (fork up to exec, Go's child set-up), exec (the kernel's execve), startup
# (the loader and the runtime, up to the first read of stdin), work (up to exit_group), exit (until its last thread's
# last switch-out). In each phase the process's wall time is "run" while any of its threads is on a CPU, else "wait"
# while any is runnable, else "blocked", charged to a reason (blame: from the kernel stack of a blocked thread).
# "cpu" sums its threads' time on a CPU; in sys passes "sys" is the part inside system calls (the rest is user
# time, page faults included).
BEGIN { FS = "\t" }

FNR == NR { ncalls++; cpass[ncalls] = $1; cround[ncalls] = $2; cnet[ncalls] = $3; cop[ncalls] = $4; next }

# "key=value" out of a trace event's fields (values have no spaces in the fields read here).
function field(s, key) {
  if (!match(s, "(^| )" key "=[^ ]+")) return ""
  s = substr(s, RSTART, RLENGTH)
  sub(/^ /, "", s)
  return substr(s, length(key) + 2)
}

# Why a thread blocked, from the functions on its kernel stack (innermost first).
function reason_of(f,   n, parts, i) {
  if (f ~ / (rtnl_lock|__rtnl_lock|rtnl_lock_killable|rtnl_net_lock|rtnl_nets_lock)( |$)/) return "rtnl_mutex"
  if (f ~ / (synchronize_rcu|synchronize_rcu_expedited|synchronize_net|rcu_barrier|wait_rcu_gp|synchronize_srcu)( |$)/) return "rcu"
  if (f ~ / (wait_for_vfork_done|kernel_clone)( |$)/) return "vfork (child until exec)"
  if (f ~ / (do_wait|kernel_wait4)( |$)/) return "wait4 (child)"
  if (f ~ / (pipe_read|anon_pipe_read|pipe_write|anon_pipe_write)( |$)/) return "pipe"
  if (f ~ / locks_lock_inode_wait| flock_lock/) return "flock"
  if (f ~ / jbd2| ext4_| folio_wait| filemap_fault| io_schedule/) return "file I/O (ext4, page cache)"
  if (f ~ / futex/) return "futex (threads)"
  if (f ~ / (ep_poll|do_epoll_wait)/) return "epoll (Go: a pipe, a child's output)"
  if (f ~ / (do_nanosleep|hrtimer_nanosleep)/) return "sleep"
  if (f ~ / (netlink|sk_wait_data|unix_stream|sock_recvmsg)/) return "socket"
  n = split(f, parts, " ")
  for (i = 1; i <= n; i++) {
    if (parts[i] ~ /^(trace_event_raw_event_sched_switch|__traceiter_sched_switch|__schedule|schedule|schedule_timeout|schedule_preempt_disabled|__mutex_lock.*|mutex_lock.*|rwsem_down.*|down_.*|__down.*|schedule_hrtimeout.*|wait_for_completion.*|__wait_for_common|__flush_work.*|io_schedule.*|preempt_schedule.*)$/) continue
    return "other: " parts[i]
  }
  return "other"
}

# Whether hex clone flags hold CLONE_THREAD (0x10000): the fifth hex digit from the right is odd.
function clone_thread(hex) { return length(hex) >= 5 && index("13579bdfBDF", substr(hex, length(hex) - 4, 1)) > 0 }

# Charges time up to t to process g's current phase and state; an all-blocked stretch to blame(g).
function advance(g, t,   d, r) {
  d = t - last[g]
  last[g] = t
  if (d <= 0) return
  if (nrun[g] > 0) acc[g, phase[g], "run"] += d
  else if (nwait[g] > 0) { acc[g, phase[g], "wait"] += d; waiting[g] += d }
  else {
    r = blame(g)
    acc[g, phase[g], "blocked:" r] += d
    if (!((g, r) in blamed)) { blamed[g, r] = 1; reasons[g] = reasons[g] "\t" r }
  }
}

# Runtimes park idle threads (Go's sysmon sleeps, idle workers wait on futexes) while one thread waits for
# the work: what process g waits for is the reason of its thread that blocked last for a reason other than those,
# or, when every thread is idle, of the one that blocked last.
function idle(r) { return r == "futex (threads)" || r == "sleep" || r == "new" }
function blame(g,   n, ts, i, x, best, best_idle) {
  n = split(tids[g], ts, " ")
  best = ""; best_idle = ""
  for (i = 1; i <= n; i++) {
    x = ts[i]
    if (state[x] != "B" && state[x] != "N") continue
    if (idle(why[x])) { if (best_idle == "" || bstart[x] > bstart[best_idle]) best_idle = x }
    else if (best == "" || bstart[x] > bstart[best]) best = x
  }
  if (best != "") return why[best]
  return best_idle == "" ? "other" : why[best_idle]
}

# Process g enters phase p at t: its time and its running threads' CPU time so far go to the phase it leaves.
function set_phase(g, t, p,   n, ts, i) {
  advance(g, t)
  n = split(tids[g], ts, " ")
  for (i = 1; i <= n; i++) if (state[ts[i]] == "R") charge_cpu(ts[i], t)
  phase[g] = p
  pstart[g, p] = t
  phases[g] = phases[g] " " p
}

# Charges the CPU time of running thread x up to t (to sys while it is inside a system call).
function charge_cpu(x, t,   g) {
  g = tg[x]
  acc[g, phase[g], "cpu"] += t - mark[x]
  if (insys[x]) acc[g, phase[g], "sys"] += t - mark[x]
  mark[x] = t
}

# Thread x becomes runnable (woken by a task of comm waker, or new); a wait for a reason a runtime's idle threads
# do not have is tallied by who ended it.
function wake(x, t, waker,   g) {
  g = tg[x]
  advance(g, t)
  if (waker != "" && !idle(why[x])) { sub(/\/.*/, "", waker); wakers[why[x] "\t" waker] += t - bstart[x] }
  state[x] = "W"
  nwait[g]++
}

# Process g's wait for a CPU (none of its threads running, one runnable) ends as one of them is switched in from a
# task of comm who: what ran instead, tallied per process.
function ran_instead(g, who) {
  if (nrun[g] > 0 || waiting[g] == 0) return
  sub(/\/.*/, "", who)
  instead[g, who] += waiting[g]
  if (!((g, who) in seen_instead)) { seen_instead[g, who] = 1; insteads[g] = insteads[g] "\t" who }
  waiting[g] = 0
}

function finish_stack() {
  if (stack_tid != "" && (stack_tid in tg)) why[stack_tid] = reason_of(frames)
  stack_tid = ""
}

/^#/ { next }
/^ => / { if (stack_tid != "") { f = $0; sub(/^ => /, "", f); sub(/\+.*/, "", f); frames = frames " " f }; next }
{
  finish_stack()
  if (!match($0, / +\( *[-0-9]+\) +\[[0-9]+\] +[^ ]+ +[0-9]+\.[0-9]+: /)) next
  head = substr($0, 1, RSTART - 1)
  mid = substr($0, RSTART, RLENGTH)
  rest = substr($0, RSTART + RLENGTH)
  match(head, /-[0-9]+$/)
  cur = substr(head, RSTART + 1)
  comm = substr(head, 1, RSTART - 1)
  sub(/^ +/, "", comm)
  match(mid, /\( *[-0-9]+\)/)
  curtg = substr(mid, RSTART + 1, RLENGTH - 2)
  gsub(/ /, "", curtg)
  match(mid, /[0-9]+\.[0-9]+: $/)
  t = substr(mid, RSTART, RLENGTH - 2) * 1000000
  event = rest
  sub(/[:(].*/, "", event)
  args = rest
  sub(/^[^:(]*[:(] ?/, "", args)
}

# An event of a traced thread the trace holds as runnable or blocked shows it on a CPU: its switch-in was lost (this
# kernel drops some switches from another tenant's task to a traced one): it is placed here, at the first proof.
(cur in tg) && (state[cur] == "W" || state[cur] == "B" || state[cur] == "N") && event != "<stack trace>" {
  lost++
  if (state[cur] != "W") wake(cur, t, "")
  advance(tg[cur], t)
  ran_instead(tg[cur], "(switch lost)")
  nwait[tg[cur]]--
  nrun[tg[cur]]++
  state[cur] = "R"
  mark[cur] = t
}

event == "<stack trace>" { stack_tid = cur; frames = ""; next }

event == "task_newtask" {
  x = field(args, "pid")
  if (curtg != root && !(curtg in known)) next
  if (curtg != root && clone_thread(field(args, "clone_flags"))) {
    tg[x] = curtg
  } else {
    # A process: a child of the shell (a call's cnictl, or a helper the shell forks) or of a call's process.
    tg[x] = x
    known[x] = 1
    parent[x] = curtg
    last[x] = t
    set_phase(x, t, "start")
    if (curtg in known) {
      children[curtg] = children[curtg] " " x
      if (phase[curtg] == "before" || phase[curtg] == "libcni") set_phase(curtg, t, "plugin")
    }
  }
  alive[tg[x]]++
  tids[tg[x]] = tids[tg[x]] " " x
  state[x] = "N"
  why[x] = "new"
  bstart[x] = t
  next
}

event == "task_rename" {
  x = field(args, "pid")
  if ((x in tg) && parent[tg[x]] != root && !index(comms, "|" substr(args, index(args, "newcomm=") + 8, index(args, " oom_score_adj=") - index(args, "newcomm=") - 8) "|")) renamed++
  next
}

event == "sched_wakeup" || event == "sched_wakeup_new" {
  x = field(args, "pid")
  if ((x in tg) && (state[x] == "B" || state[x] == "N")) wake(x, t, (cur in tg) && tg[cur] == tg[x] ? "" : comm)
  next
}

event == "sched_switch" {
  p = field(args, "prev_pid")
  n = field(args, "next_pid")
  if ((p in tg) && state[p] != "D") {
    g = tg[p]
    advance(g, t)
    if (state[p] == "R") { charge_cpu(p, t); nrun[g]-- }
    else if (state[p] == "W") nwait[g]--
    s = field(args, "prev_state")
    if (s ~ /^R/) { state[p] = "W"; nwait[g]++ }
    else if (s ~ /^[XZ]/) {
      state[p] = "D"
      if (--alive[g] == 0) { set_phase(g, t, "gone"); end[g] = t; if (parent[g] in known && phase[parent[g]] == "plugin" && first_child[parent[g]] == g) set_phase(parent[g], t, "after") }
    }
    else { state[p] = "B"; why[p] = "other"; bstart[p] = t }
  }
  if (n in tg) {
    switch_ins++
    g = tg[n]
    if (state[n] == "B" || state[n] == "N") wake(n, t, "")
    if (state[n] == "W") {
      advance(g, t)
      # A task named as a call's is but not of this run (another user's cnictl, say) is not the call's own.
      ran_instead(g, (cur in tg) || !index(comms, "|" comm "|") ? comm : comm " (not this run's)")
      nwait[g]--; nrun[g]++; state[n] = "R"; mark[n] = t
    }
  }
  next
}

event == "sched_process_exec" {
  if (!(cur in known)) next
  if (parent[cur] == root) {
    if (args !~ /^filename=[^ ]*\/cnictl /) { delete known[cur]; next }
    call_of[cur] = ++ncall
    call_g[ncall] = cur
  } else if (first_child[parent[cur]] == "") {
    first_child[parent[cur]] = cur
  }
  file[cur] = field(args, "filename")
  set_phase(cur, t, parent[cur] == root ? "before" : "startup")
  next
}

event == "cnictl_main" { if ((curtg in known) && phase[curtg] == "before") set_phase(curtg, t, "libcni"); next }
# Go runs its main goroutine on any of its threads: these go by the thread's process.
event == "sched_prepare_exec" { if ((curtg in known) && parent[curtg] != root) set_phase(curtg, t, "exec"); next }
event == "sys_read" { if ((curtg in known) && phase[curtg] == "startup") set_phase(curtg, t, "work"); next }
event == "sys_exit_group" { if ((curtg in known) && phase[curtg] != "exit") set_phase(curtg, t, "exit"); next }
event == "sys_enter" { if ((cur in tg) && state[cur] == "R") { charge_cpu(cur, t); insys[cur] = 1 }; next }
event == "sys_exit" { if ((cur in tg) && state[cur] == "R") { charge_cpu(cur, t); insys[cur] = 0 }; next }

# Adds process g's phases to the call's figures as "KEY/NAME/PHASE[/ITEM]" (wall time, then cpu, sys, run, wait
# and blocked:REASON), the same summed over its life as "KEY/NAME/all[/ITEM]", and over every phase but cnictl's
# "plugin" (its wait for the plugin) as "KEY/NAME/own[/ITEM]".
function report(key, name, g,   n, ph, i, p, k, items, r, rs, m, seen, sums, j, to, part) {
  n = split(phases[g], ph, " ")
  m = split(reasons[g], rs, "\t")
  split("cpu sys run wait", items, " ")
  for (i = 1; i < n; i++) {
    p = ph[i]
    sums = p == "plugin" ? "all" : "all own"
    split(sums, to, " ")
    for (j = 0; j <= (p == "plugin" ? 1 : 2); j++) {
      part = j == 0 ? p : to[j]
      figure(key "/" name "/" part, pstart[g, ph[i + 1]] - pstart[g, p])
      for (k = 1; k <= 4; k++) figure(key "/" name "/" part "/" items[k], acc[g, p, items[k]])
      delete seen
      for (k = 1; k <= m; k++) {
        r = "blocked:" rs[k]
        if (rs[k] == "" || (r in seen)) continue
        seen[r] = 1
        figure(key "/" name "/" part "/" r, acc[g, p, r])
        figure(key "/" name "/" part "/blocked", acc[g, p, r])
      }
    }
  }
}

function figure(k, us) { out[k] += us }

# Sums what ran while process g waited for a CPU into ran[KEY, ROLE, comm] (printed averaged per call at the end),
# and for the plugin and its child into the call's parts/instead-KIND.
function instead_of(key, role, g,   n, ws, i) {
  n = split(insteads[g], ws, "\t")
  for (i = 1; i <= n; i++) if (ws[i] != "") {
    ran[key, role, ws[i]] += instead[g, ws[i]]
    if (role == "plugin") figure(key "/parts/instead-" kind_of(ws[i]), instead[g, ws[i]])
  }
}

# A task name's kind: a kernel thread, one of the call's own tasks, or another process of the machine.
function kind_of(c) {
  if (c ~ /^(kworker|ksoftirqd|rcu_|kdamond|khugepaged|migration|kswapd|kcompactd|jbd2|irq|cpuhp|watchdog|kthreadd)/) return "kernel"
  return index(comms, "|" c "|") ? "call" : "other"
}

# A wait on the plugin's own child or parent (a pipe, the child's exit), not on the kernel's work.
function family(r) { return r ~ /^(epoll|wait4|vfork|pipe)/ }

# The call's parts as the report's conclusion adds them up, over the plugin and its child (host-local):
# parts/startup (fork, exec, loader and runtime up to the read of stdin, and the exit; parts/startup-wait: the part
# of it runnable, waiting for a CPU), parts/run and parts/wait
# (of the work: on a CPU, runnable), parts/kernel (blocked in the work on anything but the family), parts/sys
# (CPU time inside system calls, sys passes), parts/libcni (cnictl from main.main to the plugin's fork, and after),
# parts/cpu (the CPU time of cnictl, the plugin and its child: what getrusage counts).
# A figure of the call, 0 when it has none (without making one: an item a side lacks stays out of its medians).
function got(k) { return (k in out) ? out[k] : 0 }

function derive(key,   who, i, o, n, r, ph) {
  who[1] = "plugin"; who[2] = "child"
  split("start exec startup exit", ph, " ")
  for (i = 1; i <= 2; i++) {
    for (n = 1; n <= 4; n++) {
      figure(key "/parts/startup", got(key "/" who[i] "/" ph[n]))
      figure(key "/parts/startup-wait", got(key "/" who[i] "/" ph[n] "/wait"))
    }
    figure(key "/parts/run", got(key "/" who[i] "/work/run"))
    figure(key "/parts/wait", got(key "/" who[i] "/work/wait"))
    figure(key "/parts/sys", got(key "/" who[i] "/work/sys"))
    n = length(key "/" who[i] "/work/blocked:")
    for (o in out) if (substr(o, 1, n) == key "/" who[i] "/work/blocked:" && !family(substr(o, n + 1))) figure(key "/parts/kernel", out[o])
  }
  figure(key "/parts/libcni", got(key "/cnictl/libcni") + got(key "/cnictl/after"))
  figure(key "/parts/cpu", got(key "/cnictl/all/cpu") + got(key "/plugin/all/cpu") + got(key "/child/all/cpu"))
}

END {
  finish_stack()
  if (renamed > 0) printf "where: %d traced threads renamed themselves to names the filters do not keep: add them to comms in where.sh\n", renamed > "/dev/stderr"
  printf "where: %d switch-ins of the calls' threads traced, %d lost and placed at the thread's next event\n", switch_ins, lost > "/dev/stderr"
  if (ncall != ncalls) printf "where: %d cnictl calls in the trace, %d made by the shell\n", ncall, ncalls > "/dev/stderr"
  for (k = 1; k <= ncall && k <= ncalls; k++) {
    c = call_g[k]
    p = first_child[c]
    if (cround[k] == 0) continue
    if (!(c in end) || (p != "" && !(p in end))) {
      printf "where: call %d (%s %s %s, round %d) left out: its trace has no end (cnictl %s: %d threads left; plugin %s: %d)\n", k, cpass[k], cnet[k], cop[k], cround[k], c, alive[c], p, alive[p] > "/dev/stderr"
      continue
    }
    key = cpass[k] ":" cnet[k] "/" cop[k]
    delete out
    figure(key "/total", end[c] - pstart[c, "start"])
    report(key, "cnictl", c)
    if (p != "") {
      report(key, "plugin", p)
      names[key, "plugin"] = file[p]
      split(children[p], hs, " ")
      if (hs[1] != "" && (hs[1] in end)) { report(key, "child", hs[1]); names[key, "child"] = file[hs[1]] }
    }
    derive(key)
    figure(key "/parts/instead-kernel", 0); figure(key "/parts/instead-call", 0); figure(key "/parts/instead-other", 0)
    instead_of(key, "plugin", p)
    if (hs[1] != "") instead_of(key, "plugin", hs[1])
    instead_of(key, "cnictl", c)
    ncalls_of[key]++
    for (o in out) { printf "%s\t%.1f\n", o, out[o]; have[o]++; key_of[o] = key }
  }
  # An item a call lacks (a reason it never blocked for) counts 0 for it, so medians are over every round.
  for (o in have) for (i = have[o]; i < ncalls_of[key_of[o]]; i++) printf "%s\t0\n", o
  for (kn in names) { split(kn, parts, SUBSEP); printf "name\t%s\t%s\t%s\n", parts[1], parts[2], names[kn] > info }
  for (w in wakers) printf "waker\t%s\t%.1f\n", w, wakers[w] > info
  for (r in ran) { split(r, parts, SUBSEP); printf "instead\t%s\t%s\t%s\t%.1f\n", parts[1], parts[2], parts[3], ran[r] / ncalls_of[parts[1]] > info }
}
