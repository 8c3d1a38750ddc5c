using System.Collections.Immutable;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Aggregator.Tests;

/// <summary>
/// Which types of a compiled assembly refer to which of its own types: in signatures, base types, attributes and every
/// token of every method body (lambdas and async state machines included, as the compiler nests them in their type).
/// Source text can hide a reference (a name written inline, qualified from a sub-namespace); the compiled assembly
/// cannot. Constants and nameof leave nothing behind, so the source scan stays beside this one.
/// </summary>
internal sealed class CompiledStageReferences
{
    // Operand kinds of every IL instruction, from the runtime's own table.
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => op.Value, op => op.OperandType);

    private readonly MetadataReader _metadata;
    private readonly TypesInSignature _signatures;
    private readonly PEReader _pe;

    private CompiledStageReferences(PEReader pe)
    {
        _pe = pe;
        _metadata = pe.GetMetadataReader();
        _signatures = new TypesInSignature(_metadata);
    }

    /// <summary>Every (type, type it refers to) pair between top-level types of the assembly at <paramref name="path"/>, by full name.</summary>
    public static IReadOnlyList<(string From, string To)> Read(string path)
    {
        using var pe = new PEReader(File.OpenRead(path));
        var reader = new CompiledStageReferences(pe);
        var pairs = new HashSet<(string, string)>();
        foreach (var handle in reader._metadata.TypeDefinitions)
        {
            var from = reader.NameOf(handle);
            foreach (var used in reader.UsedBy(handle))
            {
                var to = reader.NameOf(used);
                if (to != from)
                {
                    pairs.Add((from, to));
                }
            }
        }
        return [.. pairs];
    }

    /// <summary>The full name of the top-level type that holds <paramref name="handle"/> (a nested type counts as its outermost one).</summary>
    private string NameOf(TypeDefinitionHandle handle)
    {
        var type = _metadata.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
        {
            type = _metadata.GetTypeDefinition(outer);
        }
        var ns = _metadata.GetString(type.Namespace);
        var name = _metadata.GetString(type.Name);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private List<TypeDefinitionHandle> UsedBy(TypeDefinitionHandle handle)
    {
        var type = _metadata.GetTypeDefinition(handle);
        var used = new List<TypeDefinitionHandle>();
        used.AddRange(TypesOf(type.BaseType));
        foreach (var i in type.GetInterfaceImplementations())
        {
            used.AddRange(TypesOf(_metadata.GetInterfaceImplementation(i).Interface));
        }
        used.AddRange(AttributeTypes(type.GetCustomAttributes()));
        foreach (var p in type.GetGenericParameters())
        {
            used.AddRange(Constraints(p));
        }
        foreach (var f in type.GetFields())
        {
            var field = _metadata.GetFieldDefinition(f);
            used.AddRange(field.DecodeSignature(_signatures, null));
            used.AddRange(AttributeTypes(field.GetCustomAttributes()));
        }
        foreach (var p in type.GetProperties())
        {
            var property = _metadata.GetPropertyDefinition(p);
            used.AddRange(Flatten(property.DecodeSignature(_signatures, null)));
            used.AddRange(AttributeTypes(property.GetCustomAttributes()));
        }
        foreach (var m in type.GetMethods())
        {
            used.AddRange(InMethod(_metadata.GetMethodDefinition(m)));
        }
        return used;
    }

    private List<TypeDefinitionHandle> InMethod(MethodDefinition method)
    {
        var used = new List<TypeDefinitionHandle>();
        used.AddRange(Flatten(method.DecodeSignature(_signatures, null)));
        used.AddRange(AttributeTypes(method.GetCustomAttributes()));
        foreach (var p in method.GetParameters())
        {
            used.AddRange(AttributeTypes(_metadata.GetParameter(p).GetCustomAttributes()));
        }
        foreach (var p in method.GetGenericParameters())
        {
            used.AddRange(Constraints(p));
        }
        if (method.RelativeVirtualAddress == 0)
        {
            return used;
        }
        var body = _pe.GetMethodBody(method.RelativeVirtualAddress);
        if (!body.LocalSignature.IsNil)
        {
            used.AddRange(_metadata.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(_signatures, null).SelectMany(t => t));
        }
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            var code = (short)il.ReadByte();
            if (code == 0xFE)
            {
                code = unchecked((short)(0xFE00 | il.ReadByte()));
            }
            switch (Operands[code])
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    used.AddRange(TypesOf(MetadataTokens.EntityHandle(il.ReadInt32())));
                    break;
                case OperandType.InlineSwitch:
                    // Read first: `Offset += 4 * ReadInt32()` would read Offset before the count moved it.
                    var targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.Offset += 8;
                    break;
                case OperandType.InlineBrTarget or OperandType.InlineI or OperandType.ShortInlineR or OperandType.InlineString or OperandType.InlineSig:
                    il.Offset += 4;
                    break;
                case OperandType.InlineVar:
                    il.Offset += 2;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.Offset += 1;
                    break;
            }
        }
        return used;
    }

    /// <summary>The assembly's own types a token names: a type, or the type declaring a field or method, with generic arguments.</summary>
    private IEnumerable<TypeDefinitionHandle> TypesOf(EntityHandle handle)
    {
        if (handle.IsNil)
        {
            return [];
        }
        switch (handle.Kind)
        {
            case HandleKind.TypeDefinition:
                return [(TypeDefinitionHandle)handle];
            case HandleKind.TypeSpecification:
                return _metadata.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(_signatures, null);
            case HandleKind.FieldDefinition:
                return [_metadata.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType()];
            case HandleKind.MethodDefinition:
                return [_metadata.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType()];
            case HandleKind.MemberReference:
                return TypesOf(_metadata.GetMemberReference((MemberReferenceHandle)handle).Parent);
            case HandleKind.MethodSpecification:
                var spec = _metadata.GetMethodSpecification((MethodSpecificationHandle)handle);
                return TypesOf(spec.Method).Concat(spec.DecodeSignature(_signatures, null).SelectMany(t => t));
            default:
                // A type of another assembly, a standalone signature: nothing of this assembly's own.
                return [];
        }
    }

    private IEnumerable<TypeDefinitionHandle> AttributeTypes(CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => TypesOf(_metadata.GetCustomAttribute(a).Constructor));

    private IEnumerable<TypeDefinitionHandle> Constraints(GenericParameterHandle parameter) =>
        _metadata.GetGenericParameter(parameter).GetConstraints().SelectMany(c => TypesOf(_metadata.GetGenericParameterConstraint(c).Type));

    private static IEnumerable<TypeDefinitionHandle> Flatten(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) =>
        signature.ReturnType.Concat(signature.ParameterTypes.SelectMany(t => t));

    /// <summary>Decodes a signature into the assembly's own types it mentions, however deeply (arrays, generic arguments).</summary>
    private sealed class TypesInSignature(MetadataReader metadata) : ISignatureTypeProvider<ImmutableArray<TypeDefinitionHandle>, object?>
    {
        private static readonly ImmutableArray<TypeDefinitionHandle> None = [];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => [handle];

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => None;

        public ImmutableArray<TypeDefinitionHandle> GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind) =>
            metadata.GetTypeSpecification(handle).DecodeSignature(this, genericContext);

        public ImmutableArray<TypeDefinitionHandle> GetGenericInstantiation(ImmutableArray<TypeDefinitionHandle> genericType, ImmutableArray<ImmutableArray<TypeDefinitionHandle>> typeArguments) =>
            genericType.AddRange(typeArguments.SelectMany(t => t));

        public ImmutableArray<TypeDefinitionHandle> GetArrayType(ImmutableArray<TypeDefinitionHandle> elementType, ArrayShape shape) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetSZArrayType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetByReferenceType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPointerType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetPinnedType(ImmutableArray<TypeDefinitionHandle> elementType) => elementType;

        public ImmutableArray<TypeDefinitionHandle> GetModifiedType(ImmutableArray<TypeDefinitionHandle> modifier, ImmutableArray<TypeDefinitionHandle> unmodifiedType, bool isRequired) =>
            unmodifiedType;

        public ImmutableArray<TypeDefinitionHandle> GetFunctionPointerType(MethodSignature<ImmutableArray<TypeDefinitionHandle>> signature) => [.. Flatten(signature)];

        public ImmutableArray<TypeDefinitionHandle> GetGenericMethodParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetGenericTypeParameter(object? genericContext, int index) => None;

        public ImmutableArray<TypeDefinitionHandle> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
    }
}
