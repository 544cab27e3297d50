namespace HumanzCni.Chain.Pipeline;

/// <summary>A plugin type's stages are in an order that cannot work: a stage requires a feature no earlier stage provides.</summary>
public sealed class StageContractException(string message) : InvalidOperationException(message);
