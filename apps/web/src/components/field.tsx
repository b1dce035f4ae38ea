import { useId, type ChangeEvent, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react';

interface FieldProps {
  label: string;
  help?: string;
  error?: string;
  multiline?: boolean;
}

type Props = FieldProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'> & {
    rows?: number;
    onChange?: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => void;
  };

/** A labelled input with optional help text and its error right beside it. */
export function Field({ label, help, error, multiline, className, ...input }: Props) {
  const id = useId();
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(' ') || undefined;
  const shared = { id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined };
  return (
    <div className={`field${error ? ' field-error' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {help && (
        <p className="field-help" id={helpId}>
          {help}
        </p>
      )}
      {multiline ? (
        <textarea {...(input as TextareaHTMLAttributes<HTMLTextAreaElement>)} {...shared} />
      ) : (
        <input {...input} {...shared} />
      )}
      {error && (
        <p className="field-message" id={errorId}>
          {error}
        </p>
      )}
    </div>
  );
}
