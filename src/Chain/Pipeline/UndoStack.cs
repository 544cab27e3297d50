using Microsoft.Extensions.Logging;

namespace HumanzCni.Chain.Pipeline;

/// <summary>
/// What an ADD has done so far, as actions that take it back. Stages push an action right after each
/// change succeeds, so a failure anywhere later undoes exactly what was done, newest first.
/// </summary>
public sealed class UndoStack
{
    private readonly Stack<(string Description, Action Undo)> _actions = new();

    /// <summary>How many undo actions are pending.</summary>
    public int Count => _actions.Count;

    /// <summary>Registers <paramref name="undo"/>, described for the log by <paramref name="description"/>.</summary>
    public void Push(string description, Action undo) => _actions.Push((description, undo));

    /// <summary>Runs every action newest first; a failing action is logged and the rest still run.</summary>
    public void UnwindAll(ILogger logger)
    {
        while (_actions.TryPop(out var entry))
        {
            try
            {
                entry.Undo();
            }
            catch (Exception e)
            {
                logger.LogUndoFailed(entry.Description, e.Message);
            }
        }
    }

    /// <summary>Forgets every action: called once an ADD has succeeded.</summary>
    public void Clear() => _actions.Clear();
}
