namespace OneDay.Testing.Load;

/// <summary>
/// Every write the platform answered 2xx during a run, so the run can check afterwards that each is there. A
/// profile edit that got no answer may still have been applied: those are kept too, as what a later read may show.
/// </summary>
public sealed class AcknowledgedWrites
{
    private readonly Lock _gate = new();
    private readonly List<(Guid Job, string EmployerToken)> _jobs = [];
    private readonly List<(Guid Job, Guid Worker, string Token)> _applications = [];
    private readonly List<(Guid Conversation, string ClientMessageId, string Token)> _messages = [];
    private readonly Dictionary<Guid, (string Token, List<string> Possible)> _profiles = [];
    private readonly Dictionary<Guid, (string EmployerToken, Guid Worker, string WorkerToken, bool Settled)> _shifts = [];

    public int JobCount
    {
        get
        {
            lock (_gate)
            {
                return _jobs.Count;
            }
        }
    }

    public int ApplicationCount
    {
        get
        {
            lock (_gate)
            {
                return _applications.Count;
            }
        }
    }

    public void Job(Guid job, string employerToken)
    {
        lock (_gate)
        {
            _jobs.Add((job, employerToken));
        }
    }

    public Guid JobAt(int index)
    {
        lock (_gate)
        {
            return _jobs[index].Job;
        }
    }

    public void Application(Guid job, Guid worker, string token)
    {
        lock (_gate)
        {
            _applications.Add((job, worker, token));
        }
    }

    public (Guid Job, Guid Worker, string Token) ApplicationAt(int index)
    {
        lock (_gate)
        {
            return _applications[index];
        }
    }

    public void Message(Guid conversation, string clientMessageId, string token)
    {
        lock (_gate)
        {
            _messages.Add((conversation, clientMessageId, token));
        }
    }

    /// <summary>
    /// A profile edit was sent: until one is answered 2xx, each sent since may be what is stored (and before the first
    /// answer, the <paramref name="original"/> value too).
    /// </summary>
    public void ProfileSent(Guid user, string token, string original, string displayName)
    {
        lock (_gate)
        {
            if (!_profiles.TryGetValue(user, out var profile))
            {
                _profiles[user] = profile = (token, [original]);
            }

            profile.Possible.Add(displayName);
        }
    }

    /// <summary>This edit was answered 2xx: what the profile holds is it, or an edit sent after it.</summary>
    public void ProfileAcknowledged(Guid user, string displayName)
    {
        lock (_gate)
        {
            var possible = _profiles[user].Possible;
            possible.RemoveRange(0, possible.IndexOf(displayName));
        }
    }

    /// <summary>A shift's job was posted, for this worker to work.</summary>
    public void Shift(Guid job, string employerToken, Guid worker, string workerToken)
    {
        lock (_gate)
        {
            _shifts[job] = (employerToken, worker, workerToken, false);
        }
    }

    /// <summary>The shift's employer confirmed it: its worker was paid.</summary>
    public void ShiftSettled(Guid job)
    {
        lock (_gate)
        {
            _shifts[job] = _shifts[job] with { Settled = true };
        }
    }

    public IReadOnlyList<(Guid Job, string EmployerToken)> Jobs => Snapshot(_jobs);

    public IReadOnlyList<(Guid Job, Guid Worker, string Token)> Applications => Snapshot(_applications);

    public IReadOnlyList<(Guid Conversation, string ClientMessageId, string Token)> Messages => Snapshot(_messages);

    public IReadOnlyList<(Guid Job, string EmployerToken, Guid Worker, string WorkerToken, bool Settled)> Shifts
    {
        get
        {
            lock (_gate)
            {
                return [.. _shifts.Select(s => (s.Key, s.Value.EmployerToken, s.Value.Worker, s.Value.WorkerToken, s.Value.Settled))];
            }
        }
    }

    /// <summary>Each edited profile: the values it may hold, the acknowledged one first (if any was).</summary>
    public IReadOnlyList<(Guid User, string Token, IReadOnlyList<string> Possible)> Profiles
    {
        get
        {
            lock (_gate)
            {
                return [.. _profiles.Select(p => (p.Key, p.Value.Token, (IReadOnlyList<string>)[.. p.Value.Possible]))];
            }
        }
    }

    private IReadOnlyList<T> Snapshot<T>(List<T> list)
    {
        lock (_gate)
        {
            return [.. list];
        }
    }
}
