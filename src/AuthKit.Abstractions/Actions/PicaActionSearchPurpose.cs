namespace AuthKit;

/// <summary>What a search of actions is for (<see cref="IPicaCatalog.SearchActionsAsync"/>).</summary>
public enum PicaActionSearchPurpose
{
    /// <summary>Actions to execute (<c>executeAgent=true</c>).</summary>
    Execute,

    /// <summary>Actions whose knowledge is wanted (<c>knowledgeAgent=true</c>).</summary>
    Knowledge,
}
