export function PrismLogo({ compact = false }: { compact?: boolean }) {
  return (
    <span className="inline-flex items-center gap-2 font-semibold tracking-tight">
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-7 w-7">
        <path
          d="M12 2 3 20h18L12 2Z"
          className="fill-primary/20 stroke-primary"
          strokeWidth="1.6"
          strokeLinejoin="round"
        />
        <path
          d="M12 2v18M12 9l9 11M12 9 3 20"
          className="stroke-primary"
          strokeWidth="1.2"
          strokeLinejoin="round"
        />
      </svg>
      {compact ? null : <span className="text-lg">Prism</span>}
    </span>
  );
}
