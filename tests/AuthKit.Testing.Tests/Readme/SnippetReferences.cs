using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using Microsoft.CodeAnalysis;

namespace AuthKit.Testing.Tests.Readme;

/// <summary>
/// What a project made as a page says compiles against: the .NET runtime's reference assemblies, ASP.NET
/// Core's for a <c>web</c> project (or when a package brings it: one of its assemblies references
/// ASP.NET Core, as a package with <c>&lt;FrameworkReference&gt;</c> does), and each package's assemblies
/// with their dependencies (NuGet's transitive packages: the package graph of this test project's
/// deps.json, and what those assemblies reference). Taken from this test project's own output, so a
/// package a page names must be referenced here (AuthKit.Testing.Tests.csproj).
/// </summary>
internal static class SnippetReferences
{
    private static readonly ConcurrentDictionary<string, MetadataReference[]> ByProject = new();
    private static readonly ConcurrentDictionary<string, MetadataReference> ByPath = new();

    private static readonly Lazy<Dictionary<string, string>> Assemblies = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .GroupBy(path => Path.GetFileNameWithoutExtension(path), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase));

    // Library name -> (its dependencies, its runtime assemblies), from this test project's deps.json.
    private static readonly Lazy<Dictionary<string, (string[] Dependencies, string[] Assemblies)>> Libraries = new(ReadDeps);

    private static readonly string Runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
    private static readonly string AspNetCore = Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Builder.WebApplication).Assembly.Location)!;

    /// <summary>The references of <paramref name="project"/>.</summary>
    public static MetadataReference[] For(SnippetProject project) => ByProject.GetOrAdd(project.Key, _ => Resolve(project));

    private static MetadataReference[] Resolve(SnippetProject project)
    {
        var chosen = new HashSet<string>(Assemblies.Value.Values.Where(p => InFolder(p, Runtime)), StringComparer.Ordinal);
        var packages = project.Template switch
        {
            "xunit" => ["xunit", .. project.Packages],
            "worker" => ["Microsoft.Extensions.Hosting", .. project.Packages],
            _ => project.Packages,
        };

        var pending = new Queue<string>(packages.SelectMany(PackageAssemblies));
        while (pending.TryDequeue(out var path))
        {
            if (!chosen.Add(path))
            {
                continue;
            }

            foreach (var name in ReferencedNames(path))
            {
                if (Assemblies.Value.TryGetValue(name, out var referenced) && !chosen.Contains(referenced))
                {
                    pending.Enqueue(referenced);
                }
            }
        }

        if (project.Template == "web" || chosen.Any(p => InFolder(p, AspNetCore) && Path.GetFileName(p).StartsWith("Microsoft.AspNetCore.", StringComparison.Ordinal)))
        {
            chosen.UnionWith(Assemblies.Value.Values.Where(p => InFolder(p, AspNetCore)));
        }

        return [.. chosen.Order(StringComparer.Ordinal).Select(p => ByPath.GetOrAdd(p, path => MetadataReference.CreateFromFile(path)))];
    }

    // The package's assemblies and its dependencies' (the package graph); a package the shared framework
    // provides here (Microsoft.Extensions.Hosting) is the framework's assembly of that name.
    private static IEnumerable<string> PackageAssemblies(string package)
    {
        if (!Libraries.Value.ContainsKey(package))
        {
            return Assemblies.Value.TryGetValue(package, out var framework) && !InFolder(framework, Runtime)
                ? [framework]
                : throw new InvalidOperationException(
                    $"The package {package} is not referenced by AuthKit.Testing.Tests.csproj: add it there, so that the guides' blocks that use it compile");
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([package]);
        var paths = new List<string>();
        while (pending.TryPop(out var library))
        {
            if (!seen.Add(library) || !Libraries.Value.TryGetValue(library, out var entry))
            {
                continue;
            }

            paths.AddRange(entry.Assemblies.Select(a => Assemblies.Value.GetValueOrDefault(a)).OfType<string>());
            foreach (var dependency in entry.Dependencies)
            {
                pending.Push(dependency);
            }
        }

        return paths;
    }

    private static IEnumerable<string> ReferencedNames(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        if (!pe.HasMetadata)
        {
            return [];
        }

        var metadata = pe.GetMetadataReader();
        return [.. metadata.AssemblyReferences.Select(r => metadata.GetString(metadata.GetAssemblyReference(r).Name))];
    }

    private static bool InFolder(string path, string folder) =>
        string.Equals(Path.GetDirectoryName(path), folder, StringComparison.Ordinal);

    private static Dictionary<string, (string[] Dependencies, string[] Assemblies)> ReadDeps()
    {
        var deps = Path.Combine(AppContext.BaseDirectory, typeof(SnippetReferences).Assembly.GetName().Name + ".deps.json");
        using var document = JsonDocument.Parse(File.ReadAllText(deps));
        var target = document.RootElement.GetProperty("targets").EnumerateObject().First().Value;
        var libraries = new Dictionary<string, (string[] Dependencies, string[] Assemblies)>(StringComparer.OrdinalIgnoreCase);
        foreach (var library in target.EnumerateObject())
        {
            var name = library.Name[..library.Name.IndexOf('/', StringComparison.Ordinal)];
            string[] dependencies = library.Value.TryGetProperty("dependencies", out var d) ? [.. d.EnumerateObject().Select(p => p.Name)] : [];
            string[] assemblies = library.Value.TryGetProperty("runtime", out var r)
                ? [.. r.EnumerateObject().Select(p => Path.GetFileNameWithoutExtension(p.Name))]
                : [];
            libraries[name] = (dependencies, assemblies);
        }

        return libraries;
    }
}
